/**
 * `hostwright daemon`: loads desired state from the store (and any --project-file), waits for the
 * container engine, then supervises every project continuously and serves the local API on
 * <stateDir>/daemon.sock. Resolves when signalled to stop.
 */
import { EventEmitter } from "node:events";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type Desired,
  ExitCode,
  errorMessage,
  type HwEvent,
  isExitCode,
  type RuntimeAdapter,
} from "../core/index.js";
import type { HttpListenOptions } from "../dashboard/index.js";
import type { Store } from "../store/index.js";
import { createDaemonMetrics, startApiServer, startHttpServer } from "./api/index.js";
import { makeHandlers } from "./api-handlers.js";
import { autoUpdateObserver } from "./auto-update-hook.js";
import { daemonEvent } from "./decision-events.js";
import { tagRegistry } from "./image-registry.js";
import type { Logger } from "./logger.js";
import { startNotifications } from "./notify-hook.js";
import type { PassObserver } from "./pass-observers.js";
import { ProjectSupervisor } from "./project-supervisor.js";

export interface DaemonOptions {
  store: Store;
  stateDir: string;
  runtime: RuntimeAdapter;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Manifests given with --project-file, already validated. */
  projects: Desired[];
  signal: AbortSignal;
  /** Per-pass observers for every project (see SupervisorDeps.observers). */
  observers?: readonly PassObserver[];
  /** --http: also serve the API and the dashboard over TCP (token-guarded). */
  http?: HttpListenOptions;
  /** Where the one-time dashboard URL (with its token) is printed: the terminal, not the log. */
  announce?: (line: string) => void;
}

export const SOCKET_NAME = "daemon.sock";

export async function runDaemon(opts: DaemonOptions): Promise<void> {
  const { store, runtime, log } = opts;
  for (const d of opts.projects) {
    store.saveDesired({ project: d.project, canonical: d.canonical, hash: d.hash, sourcePath: d.sourcePath });
  }
  const bus = new EventEmitter().setMaxListeners(0);
  const publish = (e: HwEvent) => bus.emit("event", e);
  // Notifications ride on the daemon's events and state changes; delivery is off the pass.
  const notify = startNotifications({ store, publish, log, env: opts.env });
  bus.on("event", (e: HwEvent) => notify.onEvent(e));
  const metrics = await createDaemonMetrics({ processMetrics: true });
  const caps = await waitForRuntime(runtime, log, opts.signal);
  if (!caps) return;
  // Image auto-updates ride on passes like any other observer (src/images, auto-update-hook.ts).
  const autoUpdate = autoUpdateObserver({
    store,
    registry: tagRegistry(opts.env),
    log,
    record: (project, draft) => {
      const e = daemonEvent(project, draft, new Date().toISOString());
      store.appendEvent(e);
      publish(e);
      log.info({ event: e.type, project, service: e.service }, e.message);
    },
  });
  const observers = [autoUpdate, ...(opts.observers ?? [])];
  const supervisors = new Map<string, ProjectSupervisor>();
  const ensureSupervisor = (project: string) => {
    let s = supervisors.get(project);
    if (!s) {
      s = new ProjectSupervisor(project, {
        store,
        runtime,
        env: opts.env,
        log,
        metrics,
        publish,
        preferHostPort: !caps.containerAddressReachable,
        onServiceStates: (view) => notify.onServiceStates(view),
        observers,
      });
      supervisors.set(project, s);
      s.start();
      log.info({ project }, "supervising project");
    }
    return s;
  };
  const socketPath = join(opts.stateDir, SOCKET_NAME);
  const handlers = makeHandlers({
    store,
    runtime,
    env: opts.env,
    metrics,
    supervisors,
    ensureSupervisor,
    subscribe: (fn) => {
      bus.on("event", fn);
      return () => bus.off("event", fn);
    },
  });
  const server = await startApiServer({ socketPath, logger: log, handlers });
  const http = opts.http
    ? await startHttpServer({ listen: opts.http, stateDir: opts.stateDir, handlers, logger: log }).catch(
        async (err: unknown) => {
          await server.close();
          throw err;
        },
      )
    : undefined;
  if (http) {
    // The token is printed once, to the operator's terminal, and never logged.
    log.info({ url: http.url }, "dashboard listening");
    opts.announce?.(`Dashboard: ${http.urlWithToken}`);
  }
  log.info({ socket: socketPath, runtime: runtime.name, pid: process.pid }, "hostwright daemon ready");
  for (const project of store.projects()) if (store.latestDesired(project)) ensureSupervisor(project);
  await new Promise<void>((resolve) =>
    opts.signal.addEventListener("abort", () => resolve(), { once: true }),
  );
  log.info("stopping");
  await Promise.all([...supervisors.values()].map((s) => s.stop()));
  notify.stop();
  await http?.close();
  await server.close();
  log.info("stopped");
}

/** A daemon started while the engine is down waits for it (with back-off) instead of failing. */
async function waitForRuntime(runtime: RuntimeAdapter, log: Logger, signal: AbortSignal) {
  let delay = 500;
  let warned = false;
  while (!signal.aborted) {
    try {
      await runtime.ping();
      if (warned) log.info("container engine is back");
      return await runtime.capabilities();
    } catch (err) {
      if (!isExitCode(err, ExitCode.runtimeUnavailable)) throw err;
      if (!warned) log.warn({ err: errorMessage(err) }, "container engine unavailable; waiting for it");
      warned = true;
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      delay = Math.min(delay * 2, 10_000);
    }
  }
  return undefined;
}
