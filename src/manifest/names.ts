/** Project and service names end up in container, network and volume names: DNS labels. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const DNS_LABEL_HINT =
  "use lowercase letters, digits and `-` (not at either end), at most 63 characters";

/** The Apple runtime's limit for container names (`<project>-<service>-<N>`). */
export const MAX_CONTAINER_NAME = 63;

export function isDnsLabel(name: string): boolean {
  return DNS_LABEL.test(name);
}

/** A lowercase, dash-separated rewrite to suggest for a bad name ("My_API" → "my-api"). */
export function suggestDnsLabel(name: string): string | undefined {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return isDnsLabel(s) ? s : undefined;
}
