import { describe, expect, it } from "vitest";
import {
  canonicalImageKey,
  imageRefAliases,
  indexImages,
  parseImageRef,
  repoDigestFor,
  resolveImageId,
} from "./image-refs.js";

describe("parseImageRef", () => {
  it("understands Docker Hub shorthands, registries with ports, tags and digests", () => {
    expect(parseImageRef("nginx")).toEqual({ repository: "docker.io/library/nginx", familiar: "nginx" });
    expect(parseImageRef("me/app:2")).toEqual({
      repository: "docker.io/me/app",
      familiar: "me/app",
      tag: "2",
    });
    expect(parseImageRef("localhost:5000/app")).toEqual({
      repository: "localhost:5000/app",
      familiar: "localhost:5000/app",
    });
    expect(parseImageRef("ghcr.io/o/app:1.2@sha256:abc")).toEqual({
      repository: "ghcr.io/o/app",
      familiar: "ghcr.io/o/app",
      tag: "1.2",
      digest: "sha256:abc",
    });
  });
});

describe("canonicalImageKey", () => {
  it("gives every spelling of one reference the same key; a digest wins over a tag", () => {
    expect(canonicalImageKey("nginx")).toBe("docker.io/library/nginx:latest");
    expect(canonicalImageKey("docker.io/library/nginx:latest")).toBe("docker.io/library/nginx:latest");
    expect(canonicalImageKey("nginx:1.27@sha256:abc")).toBe("docker.io/library/nginx@sha256:abc");
  });
});

describe("image index", () => {
  const images = [
    { Id: "sha256:n", RepoTags: ["nginx:latest"], RepoDigests: ["nginx@sha256:abc"] },
    { Id: "sha256:b", RepoTags: ["hostwright.local/busybox:1"], RepoDigests: [] },
    { Id: "sha256:dangling", RepoTags: ["<none>:<none>"], RepoDigests: null },
  ];

  it("lists the spellings users write", () => {
    expect(imageRefAliases("nginx:latest")).toEqual([
      "nginx:latest",
      "nginx",
      "docker.io/library/nginx:latest",
      "docker.io/library/nginx",
    ]);
    const { byAlias } = indexImages(images);
    expect(byAlias.get("nginx")).toBe("sha256:n");
    expect(byAlias.get("nginx@sha256:abc")).toBe("sha256:n");
    expect(byAlias.get("hostwright.local/busybox:1")).toBe("sha256:b");
    expect([...byAlias.keys()].some((k) => k.includes("<none>"))).toBe(false);
  });

  it("resolves any spelling, and image ids to themselves", () => {
    const index = indexImages(images);
    const ids = new Set(images.map((i) => i.Id));
    expect(resolveImageId("docker.io/nginx", index, ids)).toBe("sha256:n");
    expect(resolveImageId("nginx:1.0@sha256:abc", index, ids)).toBe("sha256:n");
    expect(resolveImageId("sha256:b", index, ids)).toBe("sha256:b");
    expect(resolveImageId("nginx:1.0", index, ids)).toBeUndefined();
  });
});

describe("repoDigestFor", () => {
  const a = `sha256:${"a".repeat(64)}`;
  const b = `sha256:${"b".repeat(64)}`;
  it("picks the digest of the reference's repository", () => {
    expect(repoDigestFor("127.0.0.1:5000/x/app:1", [`other/app@${b}`, `127.0.0.1:5000/x/app@${a}`])).toBe(a);
    expect(repoDigestFor("nginx:1", [`docker.io/library/nginx@${a}`])).toBe(a);
    expect(repoDigestFor("nginx:1", [`other/app@${b}`])).toBeUndefined();
  });
  it("for a bare image id, only an unambiguous digest", () => {
    const id = `sha256:${"c".repeat(64)}`;
    expect(repoDigestFor(id, [`r1/app@${a}`, `r2/app@${a}`])).toBe(a);
    expect(repoDigestFor(id, [`r1/app@${a}`, `r2/app@${b}`])).toBeUndefined();
  });
});
