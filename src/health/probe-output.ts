/** Probe output is kept for `status` and events; 4 KiB is plenty to explain a failure. */

export const MAX_PROBE_OUTPUT_BYTES = 4096;

/** Truncates to at most 4 KiB of UTF-8 without splitting a character. */
export function capOutput(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= MAX_PROBE_OUTPUT_BYTES) return text;
  let end = MAX_PROBE_OUTPUT_BYTES;
  // Step back over UTF-8 continuation bytes (10xxxxxx) to a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}
