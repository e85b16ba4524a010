/**
 * Version-shaped image tags ("1.2.3", "v1.2", "7"): what patch/minor/major auto-updates compare.
 * Deliberately narrower than full SemVer: a tag is only comparable with tags of the same shape
 * (same `v` prefix, same number of components), so `1.0.0` never jumps to `1.1` or `v1.1.0`.
 */

export interface VersionTag {
  /** The tag exactly as written. */
  tag: string;
  prefix: "" | "v";
  /** 1 to 3 numeric components. */
  parts: number[];
  /** Anything after "-" (a pre-release): such tags are never chosen. */
  preRelease?: string;
}

const VERSION_TAG =
  /^(v?)(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersionTag(tag: string): VersionTag | undefined {
  const m = VERSION_TAG.exec(tag);
  if (!m) return undefined;
  const parts = [m[2], m[3], m[4]].filter((p): p is string => p !== undefined).map(Number);
  return {
    tag,
    prefix: m[1] === "v" ? "v" : "",
    parts,
    ...(m[5] !== undefined ? { preRelease: m[5] } : {}),
  };
}

/** Same prefix and component count: the only tags a declared tag is compared with. */
export function sameShape(a: VersionTag, b: VersionTag): boolean {
  return a.prefix === b.prefix && a.parts.length === b.parts.length;
}

/** Numeric order of the components (callers compare only same-shaped, release tags). */
export function compareVersions(a: VersionTag, b: VersionTag): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
