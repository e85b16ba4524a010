/**
 * Resource limits for untrusted manifests: a manifest is small, so anything beyond these is a
 * mistake or an attack (billion laughs, deeply nested flow collections), refused quickly.
 */
export const ManifestLimits = {
  /** Source size in UTF-8 bytes. */
  maxBytes: 1024 * 1024,
  /** Nesting of maps and lists, after alias expansion. */
  maxDepth: 64,
  /** Maps, lists and scalars after alias expansion. */
  maxNodes: 100_000,
  /** Alias nodes (`*name`) written in the source. */
  maxAliases: 1_000,
} as const;

/**
 * The YAML parser recurses per flow-collection level and takes seconds on a megabyte of `[`.
 * A legitimate manifest never opens more than a handful of brackets in a row, so a crude
 * running count (quotes and comments included) is enough to refuse those inputs before parsing.
 * Returns the offset where the limit was crossed, or -1.
 */
export function excessiveBracketNesting(source: string, limit = 1_000): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > limit) return i;
    } else if ((ch === 0x5d || ch === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return -1;
}
