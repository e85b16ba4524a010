import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveStateDir } from "./index.js";

describe("resolveStateDir", () => {
  const env = { HOSTWRIGHT_STATE_DIR: "/env/state", XDG_STATE_HOME: "/xdg", HOME: "/home/u" };

  it("prefers the flag, resolved to an absolute path", () => {
    expect(resolveStateDir({ flag: "/flag/state", env })).toBe("/flag/state");
    expect(resolveStateDir({ flag: "rel/state", env })).toBe(resolve("rel/state"));
  });

  it("then HOSTWRIGHT_STATE_DIR", () => {
    expect(resolveStateDir({ env })).toBe("/env/state");
    expect(resolveStateDir({ flag: "", env })).toBe("/env/state");
  });

  it("then $XDG_STATE_HOME/hostwright, ignoring a relative XDG_STATE_HOME as the XDG spec says", () => {
    expect(resolveStateDir({ env: { XDG_STATE_HOME: "/xdg", HOME: "/home/u" } })).toBe("/xdg/hostwright");
    expect(resolveStateDir({ env: { XDG_STATE_HOME: "xdg", HOME: "/home/u" } })).toBe(
      "/home/u/.local/state/hostwright",
    );
  });

  it("then ~/.local/state/hostwright", () => {
    expect(resolveStateDir({ env: { HOME: "/home/u" } })).toBe("/home/u/.local/state/hostwright");
    expect(resolveStateDir({ env: {} })).toBe(join(homedir(), ".local", "state", "hostwright"));
  });
});
