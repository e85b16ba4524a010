import { setTimeout as sleep } from "node:timers/promises";
import { ExitCode, HwError, parseDuration } from "../../core/index.js";
import type { CliContext } from "../context.js";

export interface EventsOptions {
  project?: string;
  service?: string;
  since?: string;
  json?: boolean;
  follow?: boolean;
  limit?: string;
}

/** Structured events from the state store; --follow keeps printing new ones. */
export async function eventsCommand(
  opts: EventsOptions,
  ctx: CliContext,
  signal?: AbortSignal,
): Promise<number> {
  const store = ctx.store();
  const since = opts.since ? sinceToIso(opts.since) : undefined;
  const limit = opts.limit ? Number(opts.limit) : opts.follow ? 20 : 200;
  const query = {
    ...(opts.project ? { project: opts.project } : {}),
    ...(opts.service ? { service: opts.service } : {}),
  };
  let events = store.events({ ...query, ...(since ? { since } : {}) });
  if (events.length > limit) events = events.slice(-limit);
  let lastId = 0;
  const print = (e: (typeof events)[number]) => {
    lastId = Math.max(lastId, e.id);
    if (opts.json) ctx.output.out(JSON.stringify(e));
    else {
      const where = [e.project, e.service, e.instance].filter(Boolean).join("/");
      ctx.output.out(
        `${e.timestamp}  ${e.severity.padEnd(7)} ${e.type.padEnd(22)} ${where.padEnd(28)} ${e.message}`,
      );
    }
  };
  events.forEach(print);
  while (opts.follow && !signal?.aborted) {
    await sleep(500, undefined, signal ? { signal } : {}).catch(() => undefined);
    for (const e of store.events({ ...query, afterId: lastId })) print(e);
  }
  return ExitCode.ok;
}

function sinceToIso(since: string): string {
  const ms = parseDuration(since);
  if (ms !== undefined) return new Date(Date.now() - ms).toISOString();
  const t = Date.parse(since);
  if (Number.isNaN(t)) {
    throw new HwError("HW-CLI-001", `--since "${since}" is neither a duration (10m) nor a time`, {
      exitCode: ExitCode.usage,
    });
  }
  return new Date(t).toISOString();
}
