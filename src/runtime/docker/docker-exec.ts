/**
 * exec for probes: run argv in the container, collect combined output (capped), and give up
 * reading at the timeout. The engine has no way to kill an exec'd process, so a timed-out
 * command keeps running inside the container until it ends by itself; we only stop waiting.
 */
import type { ExecResult } from "../../core/index.js";
import type { EngineClient } from "./engine-client.js";
import { StreamDemuxer } from "./stream-demux.js";

export const EXEC_OUTPUT_CAP = 4096;

export async function execInContainer(
  client: EngineClient,
  id: string,
  argv: string[],
  timeoutMs: number,
): Promise<ExecResult> {
  const created = await client.json<{ Id: string }>({
    method: "POST",
    path: `/containers/${encodeURIComponent(id)}/exec`,
    body: { AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false, Cmd: argv },
    what: `exec in ${id}`,
  });
  const execId = created.Id;

  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let output = Buffer.alloc(0);
  let timedOut = false;
  try {
    const res = await client.request({
      method: "POST",
      path: `/exec/${execId}/start`,
      body: { Detach: false, Tty: false },
      stream: true,
      signal: abort.signal,
      what: `start exec in ${id}`,
    });
    const demuxer = new StreamDemuxer();
    // The body ends when the process exits (the engine closes the hijacked connection).
    for await (const chunk of res.body) {
      for (const frame of demuxer.push(chunk as Buffer)) {
        if (output.length < EXEC_OUTPUT_CAP) {
          output = Buffer.concat([output, frame.data]).subarray(0, EXEC_OUTPUT_CAP);
        }
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    timedOut = true;
  } finally {
    clearTimeout(timer);
  }

  if (timedOut) return { exitCode: -1, output: output.toString("utf8"), timedOut: true };
  const inspected = await client.json<{ ExitCode: number | null; Running: boolean }>({
    path: `/exec/${execId}/json`,
    what: `inspect exec in ${id}`,
  });
  return { exitCode: inspected.ExitCode ?? -1, output: output.toString("utf8"), timedOut: false };
}
