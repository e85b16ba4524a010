/** The real POST (Node's fetch): a timeout per attempt, no redirects followed, the body never read. */

import type { PostResult } from "./delivery.js";
import type { RenderedRequest } from "./formats.js";

export async function httpPost(
  url: string,
  req: RenderedRequest,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PostResult> {
  // One controller with a plain timer, not AbortSignal.any(AbortSignal.timeout()): on Node 20 the
  // inner timeout signal can be garbage collected before it fires, and a hung attempt never ends.
  const attempt = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, timeoutMs);
  const stop = () => attempt.abort();
  signal.addEventListener("abort", stop, { once: true });
  try {
    const res = await fetch(url, {
      method: "POST",
      body: req.body,
      headers: { "user-agent": "hostwright-notify", ...req.headers },
      redirect: "manual",
      signal: attempt.signal,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return {
      ok: false,
      status: res.status,
      code: `http-${res.status}`,
      retryable: res.status >= 500 || res.status === 429,
    };
  } catch (err) {
    return { ok: false, code: timedOut ? "timeout" : failureCode(err), retryable: true };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", stop);
  }
}

/** A code from the error's structured name/cause; the message is not used (it may echo the URL). */
function failureCode(err: unknown): string {
  const e = err as { name?: unknown; cause?: { code?: unknown } };
  if (e?.name === "TimeoutError") return "timeout";
  if (e?.name === "AbortError") return "aborted";
  const code = e?.cause?.code;
  return typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? code.toLowerCase() : "error";
}
