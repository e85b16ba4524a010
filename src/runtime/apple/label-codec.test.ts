import { describe, expect, it } from "vitest";
import { decodeLabels, decodeLabelValue, encodeLabelValue, labelArgs } from "./label-codec.js";

describe("label value encoding", () => {
  const tricky = ["", "plain", "a=b", "==", "100%", "%3D", "%253D", "x=%3D=y", "sha256:abc"];

  it("never leaves '=' in an encoded value and round-trips exactly", () => {
    for (const value of tricky) {
      const encoded = encodeLabelValue(value);
      expect(encoded).not.toContain("=");
      expect(decodeLabelValue(encoded)).toBe(value);
    }
  });

  it("leaves ordinary values unchanged on the runtime", () => {
    expect(encodeLabelValue("33333333-3333-4333-8333-333333333333")).toBe(
      "33333333-3333-4333-8333-333333333333",
    );
  });

  it("decodes only string values of a label object", () => {
    expect(decodeLabels({ a: "x%3Dy", b: 3, c: null })).toEqual({ a: "x=y" });
    expect(decodeLabels(undefined)).toEqual({});
  });

  it("builds sorted flag pairs", () => {
    expect(labelArgs("--label", { b: "1", a: "k=v" })).toEqual(["--label", "a=k%3Dv", "--label", "b=1"]);
  });
});
