/** Docker ids are 64 hex digits and read best cut to 12; other runtimes' ids (Apple: the name) stay whole. */
export function shortId(id: string): string {
  return /^(sha256:)?[0-9a-f]{64}$/.test(id) ? id.replace(/^sha256:/, "").slice(0, 12) : id;
}
