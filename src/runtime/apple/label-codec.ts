/**
 * The CLI rejects label values containing "=" (split(maxSplits:) → "invalid label format",
 * reference pitfall 9), so values are minimally percent-encoded: "%" → "%25", "=" → "%3D".
 * Every value we write is encoded and every value we read is decoded, so the round trip is
 * exact; values without "%" or "=" (all of ours: hashes, UUIDs, names) are unchanged on disk.
 */

export function encodeLabelValue(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("=", "%3D");
}

export function decodeLabelValue(value: string): string {
  return value.replace(/%(25|3D)/gi, (m) => (m.toUpperCase() === "%3D" ? "=" : "%"));
}

export function decodeLabels(raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (raw === null || typeof raw !== "object") return labels;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === "string") labels[k] = decodeLabelValue(v);
  }
  return labels;
}

/** `-l`/`--label` arguments in a stable (sorted) order. */
export function labelArgs(flag: string, labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .sort()
    .flatMap((k) => [flag, `${k}=${encodeLabelValue(labels[k] ?? "")}`]);
}
