/** A plan for Swarm services: what changes, and why, as typed data (rendered by render-swarm-plan.ts). */

export type SwarmOpReason =
  | { code: "missing" }
  | { code: "spec-changed"; fromHash: string; toHash: string }
  | { code: "failover"; to: string }
  | { code: "failback" }
  | { code: "not-declared" }
  | { code: "down" }
  | { code: "unreferenced" };

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
  | { kind: "remove-network"; name: string }
  /** A content-addressed secret/config for files: (the op never carries the content). */
  | { kind: "create-secret" | "create-config"; name: string; declared: string; services: string[] }
  | { kind: "remove-secret" | "remove-config"; name: string; id: string; reason: SwarmOpReason };

export type SwarmBlockCode = "not-owned" | "unsupported";

export interface SwarmBlock {
  service: string;
  /** The runtime name concerned (a service, a network, a secret or a config). */
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
  /**
   * Create bodies of the secrets/configs to create, by runtime name. They hold the content: not
   * hashed, never stored, never rendered.
   */
  fileCreates: Record<string, { Name: string; Labels: Record<string, string>; Data: string }>;
  /** IDs of the wanted secrets/configs that already exist (the bodies carry empty IDs). */
  fileIds: Record<string, string>;
}
