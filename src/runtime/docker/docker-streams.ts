/** The adapter's long-lived streams: container logs and project events. */
import { Labels, type LogLine, type RuntimeEvent } from "../../core/index.js";
import { type EngineClient, filtersParam } from "./engine-client.js";
import type { ApiEvent } from "./engine-types.js";
import { ndjson } from "./ndjson.js";
import { demuxStream, LineSplitter } from "./stream-demux.js";

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err as { name?: string } | undefined)?.name === "AbortError";
}

export async function* containerLogs(
  client: EngineClient,
  id: string,
  opts: { follow: boolean; tail?: number; signal?: AbortSignal },
): AsyncGenerator<LogLine> {
  const splitter = new LineSplitter();
  try {
    const res = await client.request({
      path: `/containers/${encodeURIComponent(id)}/logs`,
      query: { stdout: true, stderr: true, follow: opts.follow, tail: opts.tail ?? "all" },
      stream: true,
      ...(opts.signal ? { signal: opts.signal } : {}),
      what: `logs of ${id}`,
    });
    for await (const chunk of demuxStream(res.body)) yield* splitter.push(chunk);
    yield* splitter.flush();
  } catch (err) {
    // Aborting a follow is how callers stop it: end the iteration, do not fail it.
    if (!isAbort(err, opts.signal)) throw err;
  }
}

/** Attributes Docker mixes into an event's labels that are not labels. */
const NON_LABEL_ATTRIBUTES = new Set(["name", "image", "exitCode", "signal", "execID", "execDuration"]);

export function toRuntimeEvent(e: ApiEvent): RuntimeEvent {
  const attributes = e.Actor?.Attributes ?? {};
  const labels = Object.fromEntries(Object.entries(attributes).filter(([k]) => !NON_LABEL_ATTRIBUTES.has(k)));
  const time =
    e.timeNano !== undefined
      ? new Date(Math.floor(e.timeNano / 1e6)).toISOString()
      : new Date((e.time ?? 0) * 1000).toISOString();
  // "exec_start: sh -c …" carries the command after the colon; the action is the first word.
  const action = (e.Action ?? "").split(":")[0]?.trim() ?? "";
  return { action, containerId: e.Actor?.ID ?? "", labels, time };
}

export async function* projectEvents(
  client: EngineClient,
  project: string,
  signal: AbortSignal,
): AsyncGenerator<RuntimeEvent> {
  try {
    const res = await client.request({
      path: "/events",
      query: { filters: filtersParam({ type: ["container"], label: [`${Labels.project}=${project}`] }) },
      stream: true,
      signal,
      what: "watch engine events",
    });
    for await (const event of ndjson<ApiEvent>(res.body)) {
      if (event.Type === undefined || event.Type === "container") yield toRuntimeEvent(event);
    }
  } catch (err) {
    if (!isAbort(err, signal)) throw err;
  }
}
