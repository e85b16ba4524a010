// The emulator's whole world lives in one JSON file so separate CLI invocations share it.
// Invocations can run concurrently (the adapter starts containers in parallel), so every
// read-modify-write happens under a lock directory, and writes are atomic (tmp + rename).
import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function statePath() {
  return process.env.APPLE_EMULATOR_STATE ?? join(tmpdir(), "apple-container-emulator.json");
}

function emptyState() {
  return {
    system: "running",
    nextIp: 2,
    containers: {},
    volumes: {},
    networks: {},
    images: {},
  };
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquire(lockDir) {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // A lock older than 10 s belongs to a killed invocation; take it over.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 10_000) rmdirSync(lockDir);
      } catch {}
      if (Date.now() - started > 30_000) throw new Error("emulator state lock timeout");
      sleepSync(5);
    }
  }
}

export function readState() {
  try {
    return { ...emptyState(), ...JSON.parse(readFileSync(statePath(), "utf8")) };
  } catch (err) {
    if (err.code === "ENOENT") return emptyState();
    throw err;
  }
}

/** Runs `fn(state)` under the lock and persists the state it leaves behind. */
export function withState(fn) {
  const path = statePath();
  const lockDir = `${path}.lock`;
  acquire(lockDir);
  try {
    const state = readState();
    const result = fn(state);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, path);
    return result;
  } finally {
    rmdirSync(lockDir);
  }
}

export function logPath(id) {
  return `${statePath()}.logs/${id}.log`;
}
