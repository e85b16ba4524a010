/**
 * The daemon's side of notifications (src/notify): after each pass and each health transition the
 * supervisor hands over the services' summary states (the ones status shows), and every daemon
 * event goes past `onEvent` (rollbacks, blocked repairs). Both only enqueue; delivery runs on the
 * notifier's own workers, so a slow receiver never slows a pass. Attempts are recorded as events.
 */
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { resolveSecretRef, storedDesired } from "../apply/index.js";
import {
  type Desired,
  errorMessage,
  HwError,
  type HwEvent,
  isHwError,
  type NotifyTarget,
  type Observed,
} from "../core/index.js";
import { notifyUrlProblem } from "../manifest/index.js";
import { httpPost, Notifier, type ServiceCondition, serviceSnapshots } from "../notify/index.js";
import type { Store } from "../store/index.js";
import type { Logger } from "./logger.js";

/** What the supervisor hands over whenever it recomputes the services' summary states. */
export interface ServiceStatesView {
  project: string;
  desired: Desired;
  observed: Observed;
  states: ReadonlyMap<string, ServiceCondition>;
}

export interface NotifyHook {
  onServiceStates(view: ServiceStatesView): void;
  onEvent(e: HwEvent): void;
  stop(): void;
}

export function startNotifications(deps: {
  store: Store;
  publish: (e: HwEvent) => void;
  log: Logger;
  env: NodeJS.ProcessEnv;
}): NotifyHook {
  const notifier = new Notifier({
    host: hostname(),
    now: () => Date.now(),
    post: httpPost,
    delay: (ms, signal) => sleep(ms, undefined, { signal }),
    resolveUrl: (url) =>
      resolveNotifyUrl(url, deps.env).catch((err: unknown) => {
        // The message names the reference (env://NAME, file:///path), never its value.
        deps.log.warn(
          { code: isHwError(err) ? err.code : undefined, err: errorMessage(err) },
          "notify URL could not be resolved",
        );
        throw err;
      }),
    emit: (e) => {
      deps.store.appendEvent(e);
      deps.publish(e);
      // The event's message names the receiver by scheme://host only (or the reference's name).
      deps.log.info({ event: e.type, project: e.project, service: e.service }, e.message);
    },
  });
  return {
    onServiceStates(view) {
      notifier.configure(view.project, view.desired.reconcile.notify);
      notifier.observeServices(view.project, serviceSnapshots(view.desired, view.observed, view.states));
    },
    onEvent(e) {
      // A rollback or a blocked repair can come before the project's first pass has ended (and
      // configured it); such events are rare, so read the receivers from the store for them.
      if (e.type === "rolled_back" || e.type === "reconcile_blocked")
        notifier.configure(e.project, storedDesired(deps.store, e.project)?.reconcile.notify);
      notifier.observeEvent(e);
    },
    stop() {
      notifier.stop();
    },
  };
}

/**
 * A literal URL as written; a reference read now (so a rotated file or secret is picked up), by
 * the same resolver as secretEnv. Errors name the reference (env://NAME, file:///path), never the value.
 */
export async function resolveNotifyUrl(url: NotifyTarget["url"], env: NodeJS.ProcessEnv): Promise<string> {
  if ("literal" in url) return url.literal;
  const ref = url.secret;
  if (ref.scheme !== "env" && ref.scheme !== "file")
    throw new HwError("HW-SECRET-005", `${ref.ref}: ${ref.scheme}:// is not supported for notify URLs`, {
      hint: "use url: {secret: env://NAME} or {secret: file:///absolute/path}",
    });
  const value = (await resolveSecretRef(ref, `reconcile.notify url (${ref.ref})`, env)).trim();
  // The manifest checked a literal URL; a resolved one gets the same check here (never echoed).
  const problem = notifyUrlProblem(value);
  if (problem !== undefined)
    throw new HwError("HW-SECRET-005", `${ref.ref}: the value is not an http(s) URL (${problem})`, {
      hint: "the variable or file must hold the receiver's whole URL, e.g. https://hooks.slack.com/services/…",
    });
  return value;
}
