import { describe, expect, it } from "vitest";
import type { FileMount } from "../../core/index.js";
import {
  contentHash12,
  SWARM_FILE_LABEL,
  swarmFileCreates,
  swarmFileReferences,
  unreferencedFileObjects,
} from "./swarm-file-objects.js";

const SECRET_TEXT = "s3cr3t-value-never-shown";
const files: FileMount[] = [
  { kind: "secret", name: "db_pw", source: { env: "DB_PW" }, target: "/run/secrets/db_pw", mode: 0o400 },
  { kind: "config", name: "app_conf", source: { file: "./app.conf" }, target: "/etc/app.conf", uid: "1000" },
];
const content = new Map<string, Uint8Array>([
  ["db_pw", Buffer.from(SECRET_TEXT)],
  ["app_conf", Buffer.from("port=80\n")],
]);

describe("swarm file objects", () => {
  it("names each object <project>_<name>_<12 hex of the content hash> with our labels", () => {
    const creates = swarmFileCreates("shop", "owner-1", files, content);
    expect(creates.map((c) => [c.kind, c.name])).toEqual([
      ["config", `shop_app_conf_${contentHash12(Buffer.from("port=80\n"))}`],
      ["secret", `shop_db_pw_${contentHash12(Buffer.from(SECRET_TEXT))}`],
    ]);
    expect(contentHash12(Buffer.from("x"))).toMatch(/^[0-9a-f]{12}$/);
    const secret = creates.find((c) => c.kind === "secret");
    expect(secret?.labels).toEqual({
      "dev.hostwright.managed": "true",
      "dev.hostwright.project": "shop",
      "dev.hostwright.owner": "owner-1",
      [SWARM_FILE_LABEL]: "db_pw",
    });
    expect(Buffer.from(secret?.body.Data ?? "", "base64").toString()).toBe(SECRET_TEXT);
  });

  it("keeps the content out of everything but the create body", () => {
    const creates = swarmFileCreates("shop", "owner-1", files, content);
    const planFacing = creates.map(({ body: _body, ...rest }) => rest);
    const refs = swarmFileReferences("shop", files, content, "for-hash");
    expect(JSON.stringify([planFacing, refs])).not.toContain(SECRET_TEXT);
    expect(JSON.stringify([planFacing, refs])).not.toContain(Buffer.from(SECRET_TEXT).toString("base64"));
  });

  it("a content change is a new name, so the references (and the body hash) change", () => {
    const changed = new Map(content);
    changed.set("db_pw", Buffer.from("another"));
    const before = swarmFileReferences("shop", files, content, "for-hash");
    const after = swarmFileReferences("shop", files, changed, "for-hash");
    expect(after.Secrets).not.toEqual(before.Secrets);
    expect(after.Configs).toEqual(before.Configs);
  });

  it("references carry IDs, names and the target file with uid/gid/mode (defaults 0/0/0444)", () => {
    const creates = swarmFileCreates("shop", "owner-1", files, content);
    const ids = new Map(creates.map((c, i) => [c.name, `id${i}`]));
    const refs = swarmFileReferences("shop", files, content, ids);
    const secretName = creates.find((c) => c.kind === "secret")?.name;
    const configName = creates.find((c) => c.kind === "config")?.name;
    expect(refs.Secrets).toEqual([
      {
        SecretID: ids.get(secretName ?? ""),
        SecretName: secretName,
        File: { Name: "/run/secrets/db_pw", UID: "0", GID: "0", Mode: 0o400 },
      },
    ]);
    expect(refs.Configs).toEqual([
      {
        ConfigID: ids.get(configName ?? ""),
        ConfigName: configName,
        File: { Name: "/etc/app.conf", UID: "1000", GID: "0", Mode: 0o444 },
      },
    ]);
  });

  it("refuses to reference an object without an id, or a file whose content was not resolved", () => {
    expect(() => swarmFileReferences("shop", files, content, new Map())).toThrow(/has no id/);
    expect(() => swarmFileCreates("shop", "o", files, new Map())).toThrow(/not resolved/);
  });

  it("lists owned objects no longer wanted, sorted", () => {
    const owned = [
      { kind: "secret" as const, name: "shop_db_pw_bbb" },
      { kind: "config" as const, name: "shop_app_conf_aaa" },
      { kind: "secret" as const, name: "shop_db_pw_aaa" },
    ];
    expect(unreferencedFileObjects(owned, new Set(["shop_db_pw_bbb"]))).toEqual([
      { kind: "config", name: "shop_app_conf_aaa" },
      { kind: "secret", name: "shop_db_pw_aaa" },
    ]);
  });
});
