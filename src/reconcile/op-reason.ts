/**
 * Why an instance is off (Divergence) and why an op is in the plan (OpReason), as data. Behaviour
 * keys on these kinds (the daemon counts restarts by `reason.kind`); the text users read is
 * rendered from them here, at the edge, and nothing parses it back.
 */
import type { ContainerState, DependencyCondition } from "../core/index.js";

export type Divergence =
  | { kind: "in-sync" }
  | { kind: "no-container" }
  | { kind: "name-clash"; name: string; reason: string }
  | { kind: "spec-changed"; fields: string[] }
  | { kind: "secret-rotated" }
  | { kind: "spec-hash"; from?: string; to: string }
  | { kind: "image-moved"; image: string; now: string; running?: string }
  /** pullPolicy always: the registry serves the tag under a digest other than the one running. */
  | { kind: "tag-moved"; image: string; from?: string; to: string }
  /** An auto-update moved the service off the image its containers run (the manifest is unchanged). */
  | { kind: "auto-update"; policy: string; running: string; resolved: string }
  | { kind: "never-started" }
  | { kind: "exited"; exitCode?: number }
  | { kind: "state"; state: ContainerState }
  | { kind: "liveness-failed" };

export type OpReason =
  | { kind: "network-missing" }
  | { kind: "volume-missing" }
  | { kind: "image-missing" }
  /**
   * Build a service's image (its inputs-hash tag is not present). `changes` are the build
   * causes against the running container ("build context changed: server.sh", "build args");
   * empty when nothing was built before.
   */
  | { kind: "build"; service: string; changes: string[] }
  /** pullPolicy always: pull the tag again, its registry digest moved. */
  | { kind: "tag-moved"; image: string; from?: string; to: string }
  | { kind: "missing"; why: Divergence }
  | { kind: "start-new" }
  | { kind: "stopped"; why: Divergence }
  | { kind: "unhealthy"; why: Divergence }
  | { kind: "liveness-restart" }
  /** A recreate's ops; `keepOld` on the start-first rename that parks the old container. */
  | { kind: "spec-changed"; why: Divergence; keepOld?: true }
  | { kind: "start-replacement" }
  | { kind: "replacement-up" }
  /** Stop-first rolling update: the next batch stops only when this replacement is up. */
  | { kind: "batch-gate" }
  | { kind: "dependency-gate"; service: string; condition: DependencyCondition }
  | { kind: "replaced" }
  | { kind: "scale-down"; replicas: number }
  | { kind: "orphan" }
  | { kind: "leftover" }
  | { kind: "down"; volumes?: "flag" | "reclaim-policy" }
  | { kind: "operator-stop" }
  | { kind: "operator-start" };

export function renderDivergence(d: Divergence): string {
  switch (d.kind) {
    case "in-sync":
      return "in sync";
    case "no-container":
      return "no container";
    case "name-clash":
      return `${d.name} exists and ${d.reason}`;
    case "spec-changed":
      return `spec changed: ${d.fields.join(", ")}`;
    case "secret-rotated":
      return "spec changed: secret value rotated";
    case "spec-hash":
      return `spec changed: hash ${short(d.from)} → ${short(d.to)}`;
    case "image-moved":
      return `image ${d.image} moved: now ${short(d.now)}, container runs ${short(d.running)}`;
    case "tag-moved":
      return tagMoved(d);
    case "auto-update":
      return `auto-update (${d.policy}): ${shownImage(d.running)} → ${shownImage(d.resolved)}`;
    case "never-started":
      return "created but never started";
    case "exited":
      return d.exitCode === undefined ? "exited (exit code unknown)" : `exited with code ${d.exitCode}`;
    case "state":
      return `container is ${d.state}`;
    case "liveness-failed":
      return "liveness probe failed past its threshold";
  }
}

export function renderReason(r: OpReason): string {
  switch (r.kind) {
    case "network-missing":
      return "project network missing";
    case "volume-missing":
      return "volume missing";
    case "image-missing":
      return "image not present locally";
    case "build":
      return r.changes.length > 0
        ? `build ${r.service}: ${r.changes.join(", ")}`
        : `build ${r.service}: not built yet`;
    case "tag-moved":
      return tagMoved(r);
    case "missing":
      return `missing: ${renderDivergence(r.why)}`;
    case "start-new":
      return "start the new container";
    case "stopped":
      return `stopped: ${renderDivergence(r.why)}`;
    case "unhealthy":
      return `unhealthy: ${renderDivergence(r.why)}`;
    case "liveness-restart":
      return "restart after liveness failure";
    case "spec-changed":
      return r.keepOld
        ? `${renderDivergence(r.why)}; keep the old container until the new one is up`
        : renderDivergence(r.why);
    case "start-replacement":
      return "start the replacement";
    case "replacement-up":
      return "the replacement must be up before the old container goes";
    case "batch-gate":
      return "the next batch of the rolling update waits for this replacement";
    case "dependency-gate":
      return `a dependent waits for ${r.service} to be ${r.condition}`;
    case "replaced":
      return "replaced";
    case "scale-down":
      return `scale down: replica above declared ${r.replicas}`;
    case "orphan":
      return "orphan: service no longer declared";
    case "leftover":
      return "left over from an interrupted update";
    case "down":
      return r.volumes === "flag"
        ? "down --volumes"
        : r.volumes === "reclaim-policy"
          ? "reclaimPolicy: delete"
          : "down";
    case "operator-stop":
      return "stopped by operator";
    case "operator-start":
      return "started by operator";
  }
}

/** "repo:tag@sha256:…" as "repo:tag (sha256:0123456789ab)"; a bare reference as it is. */
function shownImage(ref: string): string {
  const at = ref.indexOf("@");
  return at < 0 ? ref : `${ref.slice(0, at)} (sha256:${short(ref.slice(at + 1))})`;
}

function tagMoved(m: { from?: string; to: string }): string {
  const digest = (d: string | undefined) => (d ? `sha256:${short(d)}…` : "none");
  return `image tag moved: ${digest(m.from)} → ${digest(m.to)}`;
}

function short(hash: string | undefined): string {
  if (!hash) return "none";
  const h = hash.startsWith("sha256:") ? hash.slice(7) : hash;
  return h.slice(0, 12);
}
