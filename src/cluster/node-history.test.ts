import { describe, expect, it } from "vitest";
import { advanceNodeHistory } from "./node-history.js";
import { at, node, observation } from "./testdata/fixtures.js";

describe("advanceNodeHistory", () => {
  it("starts every node at the first observation's time (how long before is unknown)", () => {
    const h = advanceNodeHistory([], observation([node("n2"), node("n1", { state: "down" })], [], at(0)), [
      "ghost",
    ]);
    expect(h).toEqual([
      { hostname: "ghost", online: false, reason: "notInCluster", since: at(0) },
      { hostname: "n1", online: false, reason: "down", since: at(0) },
      { hostname: "n2", online: true, since: at(0) },
    ]);
  });

  it("keeps `since` while the state holds and moves it on a transition", () => {
    const first = advanceNodeHistory([], observation([node("n1"), node("n2")], [], at(0)));
    const second = advanceNodeHistory(
      first,
      observation([node("n1", { state: "down" }), node("n2")], [], at(30)),
    );
    const third = advanceNodeHistory(
      second,
      observation([node("n1", { state: "down" }), node("n2")], [], at(60)),
    );
    expect(third).toEqual([
      { hostname: "n1", online: false, reason: "down", since: at(30) },
      { hostname: "n2", online: true, since: at(0) },
    ]);
    const back = advanceNodeHistory(third, observation([node("n1"), node("n2")], [], at(90)));
    expect(back[0]).toEqual({ hostname: "n1", online: true, since: at(90) });
  });

  it("a node that leaves the list becomes notInCluster from that observation", () => {
    const first = advanceNodeHistory([], observation([node("n1")], [], at(0)));
    expect(advanceNodeHistory(first, observation([], [], at(10)))).toEqual([
      { hostname: "n1", online: false, reason: "notInCluster", since: at(10) },
    ]);
  });
});
