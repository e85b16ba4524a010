/** Readiness as a user sees it: HTTP 200 from the published port. */
import { request } from "undici";

export async function httpOk(port: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/`, { headersTimeout: 1000, bodyTimeout: 1000 });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

/** Polls every `everyMs` until HTTP 200; resolves with performance.now() at the first 200. */
export async function waitHttpOk(port: number, timeoutMs: number, everyMs = 20): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await httpOk(port)) return performance.now();
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`127.0.0.1:${port} did not answer HTTP 200 within ${timeoutMs} ms`);
}
