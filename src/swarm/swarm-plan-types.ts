/** A plan for Swarm services: what changes, and why, as typed data (rendered by render-swarm-plan.ts). */

export type SwarmOpReason =
  | { code: "missing" }
  | { code: "spec-changed"; fromHash: string; toHash: string }
  | { code: "failover"; to: string }
  | { code: "failback" }
  | { code: "not-declared" }
  | { code: "down" };

export type SwarmOp =
  | { kind: "ensure-network"; name: string; declared: string }
  | { kind: "create-service"; service: string; name: string; hash: string; reason: SwarmOpReason }
  | {
      kind: "update-service";
      service: string;
      name: string;
      id: string;
      versionIndex: number;
      hash: string;
      reason: SwarmOpReason;
    }
  | { kind: "remove-service"; service?: string; name: string; id: string; reason: SwarmOpReason }
  | { kind: "remove-network"; name: string };

export type SwarmBlockCode = "not-owned" | "unsupported";

export interface SwarmBlock {
  service: string;
  /** The runtime name concerned (a service or a network). */
  name: string;
  code: SwarmBlockCode;
  reason: string;
  hint: string;
}

export interface SwarmPlan {
  project: string;
  ops: SwarmOp[];
  blocked: SwarmBlock[];
  /** Owned services already as declared (name → version index), for "nothing to do" output. */
  unchanged: string[];
  /** sha256 of the canonical ops and blocks: the same inputs give the same hash. */
  hash: string;
  /** The Swarm spec each create/update sends, by runtime name (not hashed, not stored). */
  bodies: Record<string, Record<string, unknown>>;
}
