/**
 * A receiver's URL may carry a token in its path or query (Slack and Discord webhooks, ntfy
 * topics) or in user:password@. Everything the daemon shows about a receiver goes through here:
 * scheme and host[:port] only.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "(invalid url)";
  }
}
