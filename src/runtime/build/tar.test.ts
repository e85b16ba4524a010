import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tarArchive } from "./tar.js";

describe("tarArchive", () => {
  it("is read back by the system tar with paths, modes and contents", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-tar-"));
    try {
      const long = `${"d".repeat(80)}/${"e".repeat(60)}/file.txt`;
      const archive = tarArchive([
        { path: "run/secrets", type: "dir" },
        { path: "run/secrets/token", type: "file", content: Buffer.from("abc\n"), mode: 0o400 },
        { path: long, type: "file", content: Buffer.alloc(700, 1) },
      ]);
      expect(archive.length % 512).toBe(0);
      writeFileSync(join(dir, "a.tar"), archive);
      execFileSync("tar", ["-xf", "a.tar"], { cwd: dir });
      expect(readFileSync(join(dir, "run/secrets/token"), "utf8")).toBe("abc\n");
      expect(statSync(join(dir, "run/secrets/token")).mode & 0o777).toBe(0o400);
      expect(readFileSync(join(dir, long)).length).toBe(700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
