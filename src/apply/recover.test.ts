import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { observed, ownedContainer, service } from "../../test/support/desired-fixtures.js";
import type { HwEvent } from "../core/index.js";
import { openStore } from "../store/index.js";
import { recoverInterrupted } from "./recover.js";

describe("recoverInterrupted", () => {
  it("adopts a created container that carries our owner id, re-plans everything else, and resolves both", () => {
    const store = openStore(mkdtempSync(join(tmpdir(), "hw-recover-")));
    try {
      const web = service("web");
      const made = ownedContainer("shop", web, 1, { owner: store.ownerId });
      store.savePlan({ id: "p", project: "shop", hash: "h", correlationId: "c", kind: "apply", body: {} });
      store.beginOperation({
        planId: "p",
        opId: "1",
        project: "shop",
        kind: "create",
        target: "container:shop-web-1",
      });
      store.beginOperation({
        planId: "p",
        opId: "2",
        project: "shop",
        kind: "stop",
        target: "container:shop-web-2",
      });
      const events: HwEvent[] = [];
      const items = recoverInterrupted(store, observed("shop", [made]), "c2", (e) => events.push(e));
      expect(items.map((i) => `${i.target} ${i.resolution}`)).toEqual([
        "container:shop-web-1 adopted",
        "container:shop-web-2 replanned",
      ]);
      expect(store.ownership("container", "shop-web-1")?.runtimeId).toBe(made.id);
      expect(store.unfinishedOperations("shop")).toEqual([]);
      expect(events.map((e) => e.type)).toEqual(["recovered", "recovered"]);
    } finally {
      store.close();
    }
  });

  it("does not adopt a container of another owner", () => {
    const store = openStore(mkdtempSync(join(tmpdir(), "hw-recover-")));
    try {
      const other = ownedContainer("shop", service("web"), 1, { owner: "someone-else" });
      store.savePlan({ id: "p", project: "shop", hash: "h", correlationId: "c", kind: "apply", body: {} });
      store.beginOperation({
        planId: "p",
        opId: "1",
        project: "shop",
        kind: "create",
        target: "container:shop-web-1",
      });
      const [item] = recoverInterrupted(store, observed("shop", [other]), "c2", () => {});
      expect(item?.resolution).toBe("replanned");
      expect(store.ownership("container", "shop-web-1")).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
