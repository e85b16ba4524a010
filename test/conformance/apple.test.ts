/** The conformance suite against the Apple runtime adapter driving the `container` emulator. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAppleAdapter } from "../../src/runtime/apple/index.js";
import { defineConformanceSuite } from "./suite.js";

const emulator = fileURLToPath(new URL("../apple-emulator/container", import.meta.url));

defineConformanceSuite("apple (container CLI emulator)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hw-apple-conformance-"));
  const adapter = createAppleAdapter({
    bin: emulator,
    env: { ...process.env, APPLE_EMULATOR_STATE: join(dir, "state.json"), APPLE_EMULATOR_VERSION: "1.1.0" },
  });
  return {
    adapter,
    image: "hostwright.local/busybox:1",
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
