/**
 * Every captured Apple `container` output in ../shared/fixtures/apple-container parses with the
 * adapter's parsers; the real captures produce concrete ObservedContainers; the 1.0/1.1 sets'
 * deliberately added future* fields are ignored.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isHwError, RuntimeErrorCode } from "../../src/core/index.js";
import {
  gateCliVersion,
  parseContainerList,
  parseImageList,
  parseJsonArray,
  parseNetworkList,
  parseSystemStatus,
  parseVolumeList,
} from "../../src/runtime/apple/index.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const fixtureDir = resolve(repoRoot, "..", "shared", "fixtures", "apple-container");
const present = existsSync(fixtureDir);
const read = (name: string) => readFileSync(join(fixtureDir, name), "utf8");

/** Which parser reads each file. A new fixture without an entry fails the completeness test. */
const PARSERS: Array<[RegExp, (text: string) => unknown]> = [
  [
    /-(inventory-containers|list)\.json$|-list-(builder|empty|proof-created)-real-json\.txt$/,
    parseContainerList,
  ],
  [/image-list(-real-json\.txt|\.json)$/, parseImageList],
  [/-network-list\.json$/, parseNetworkList],
  [/-volume-list\.json$/, parseVolumeList],
  [/-system-status\.json$/, parseSystemStatus],
  [/-version\.txt$/, gateCliVersion],
  // Not used by the adapter (machines are hidden from `list`, stats are not observed), but
  // they must still be well-formed arrays for the shared JSON reader.
  [/-(machine-list|stats)\.json$/, (text) => parseJsonArray(text, "fixture")],
];

/** Observation documents of the Swift Hostwright, not `container` output: refused, never leaked. */
const NOT_CLI_OUTPUT = [
  "apple-container-list-empty.txt",
  "apple-container-list-running.txt",
  "apple-container-list-redaction.txt",
];

describe.skipIf(!present)(`Apple container fixtures (${fixtureDir})`, () => {
  const files = present ? readdirSync(fixtureDir).filter((f) => f !== "README.md") : [];

  it("knows how to read every fixture file", () => {
    const unknown = files.filter((f) => !NOT_CLI_OUTPUT.includes(f) && !PARSERS.some(([re]) => re.test(f)));
    expect(unknown).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it("parses every CLI output fixture without error", () => {
    for (const f of files.filter((name) => !NOT_CLI_OUTPUT.includes(name))) {
      const parse = PARSERS.find(([re]) => re.test(f))?.[1];
      expect(() => parse?.(read(f)), f).not.toThrow();
    }
  });

  it("refuses the non-CLI observation documents without echoing their content", () => {
    for (const f of NOT_CLI_OUTPUT) {
      let err: unknown;
      try {
        parseContainerList(read(f));
      } catch (e) {
        err = e;
      }
      expect(isHwError(err) && err.code, f).toBe(RuntimeErrorCode.failed);
      expect((err as Error).message).not.toMatch(/fake-token|fake-password|192\.168/);
    }
  });

  it("reads the captured builder list: a running plugin container with its start time", () => {
    expect(parseContainerList(read("apple-container-list-builder-real-json.txt"))).toEqual([
      {
        id: "buildkit",
        name: "buildkit",
        labels: { "com.apple.container.plugin": "builder", "com.apple.container.resource.role": "builder" },
        state: "running",
        image: "ghcr.io/apple/container-builder-shim/builder:0.12.0",
        ports: [],
        startedAt: "2026-07-03T01:10:48.000Z",
      },
    ]);
  });

  it("reads the captured empty list", () => {
    expect(parseContainerList(read("apple-container-list-empty-real-json.txt"))).toEqual([]);
  });

  it("reads the captured create-only container as created, with its 0.0.0.0 port", () => {
    const list = parseContainerList(read("apple-container-list-proof-created-real-json.txt"));
    expect(list.map((c) => [c.name, c.state])).toEqual([
      ["buildkit", "running"],
      ["hostwright-proof-web", "created"],
    ]);
    expect(list[1]).toEqual({
      id: "hostwright-proof-web",
      name: "hostwright-proof-web",
      labels: {},
      state: "created",
      image: "hostwright-proof-web:create-only",
      ports: [{ hostIP: "0.0.0.0", host: 18080, container: 80, protocol: "tcp" }],
      createdAt: "2026-07-03T01:14:29.000Z",
    });
  });

  it("reads the captured image list (descriptors without digests, no variants)", () => {
    expect(parseImageList(read("apple-container-image-list-real-json.txt"))).toEqual([
      {
        name: "docker.io/library/python:alpine",
        id: "sha256:26730869004e2b9c4b9ad09cab8625e81d256d1ce97e72df5520e806b1709f92",
      },
      {
        name: "hostwright-proof-web:create-only",
        id: "sha256:1ab83bce6ed4ff17859a4945cf25402aca44e8223ada2a88971f810c48226050",
      },
    ]);
  });

  for (const version of ["1.0.0", "1.1.0"]) {
    const ip = version === "1.0.0" ? "192.168.64.2" : "192.168.64.3";

    it(`reads the ${version} list (future fields ignored, CIDR-less address)`, () => {
      const [c] = parseContainerList(read(`apple-container-${version}-list.json`));
      expect(c).toEqual({
        id: "hostwright-v2-demo-api-8022a4342ff931db15cdc03b748de2b6",
        name: "hostwright-v2-demo-api-8022a4342ff931db15cdc03b748de2b6",
        labels: {
          "dev.hostwright.managed": "true",
          "dev.hostwright.identity-version": "2",
          "dev.hostwright.project": "demo",
          "dev.hostwright.service": "api",
          "dev.hostwright.resource-id": "hostwright-v2-demo-api-8022a4342ff931db15cdc03b748de2b6",
        },
        state: "running",
        image: `ghcr.io/example/api:${version}`,
        ports: [{ hostIP: "127.0.0.1", host: 8080, container: 8080, protocol: "tcp" }],
        ip,
      });
    });

    it(`reads the ${version} inventory: port ranges expanded, CIDR stripped, never-started is created`, () => {
      const [api, web] = parseContainerList(read(`apple-container-${version}-inventory-containers.json`));
      expect(api).toMatchObject({
        state: "running",
        ip,
        createdAt: "2026-07-18T23:40:00.000Z",
        imageId: `sha256:${(version === "1.0.0" ? "a" : "c").repeat(64)}`,
        ports: [
          { hostIP: "127.0.0.1", host: 8080, container: 80, protocol: "tcp" },
          { hostIP: "127.0.0.1", host: 8081, container: 81, protocol: "tcp" },
        ],
      });
      expect(api?.labels["dev.hostwright.fencing-token"]).toBe("33333333-3333-4333-8333-333333333333");
      expect(web).toMatchObject({ state: "created", labels: {}, ports: [] });
      expect(web?.ip).toBeUndefined();
    });

    it(`reads the ${version} images, networks, volumes, status and version`, () => {
      const hex = (version === "1.0.0" ? "a" : "c").repeat(64);
      expect(parseImageList(read(`apple-container-${version}-image-list.json`))).toEqual([
        { name: `ghcr.io/example/api:${version}`, id: `sha256:${hex}`, digest: `sha256:${hex}` },
      ]);
      expect(parseNetworkList(read(`apple-container-${version}-network-list.json`))).toEqual([
        { id: "default", name: "default", labels: { "com.apple.container.resource.role": "builtin" } },
      ]);
      expect(parseVolumeList(read(`apple-container-${version}-volume-list.json`))).toEqual([
        { name: "hostwright-cache", labels: { "com.example.purpose": "cache" } },
      ]);
      expect(parseSystemStatus(read(`apple-container-${version}-system-status.json`)).running).toBe(true);
      const gated = gateCliVersion(read(`apple-container-${version}-version.txt`));
      expect(gated.version.text).toBe(version);
      expect(gated.warnings).toEqual([]);
    });
  }
});

if (!present) {
  describe("Apple container fixtures", () => {
    it.skip(`skipped: fixture directory ${fixtureDir} is absent`, () => {});
  });
}
