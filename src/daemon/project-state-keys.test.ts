/** Until apply/ reads its marks through store/project-state.ts too, both must use the same keys. */
import { describe, expect, it } from "vitest";
import { RECOVERY_SETTING, ROLLED_BACK_SETTING, STOPPED_SETTING } from "../apply/index.js";
import { projectStateKey } from "../store/index.js";

describe("project state keys", () => {
  it("are the keys apply/ writes", () => {
    expect(projectStateKey("stopped", "p")).toBe(STOPPED_SETTING("p"));
    expect(projectStateKey("rolledBack", "p")).toBe(ROLLED_BACK_SETTING("p"));
    expect(projectStateKey("recoveryPlan", "p")).toBe(RECOVERY_SETTING("p"));
    expect(projectStateKey("recovery", "p")).toBe("recovery:p");
  });
});
