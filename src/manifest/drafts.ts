import type {
  DependencyCondition,
  NetworkSpec,
  PortSpec,
  ReconcilePolicy,
  ServiceSpec,
  VolumeMount,
  VolumeSpec,
} from "../core/index.js";
import type { Pos } from "./diagnostics.js";

/** A validated value plus where it was written, for checks that span services. */
export interface Located<T> {
  value: T;
  pos: Pos;
  path: string;
}

export interface DependencyEdge {
  target: string;
  condition: DependencyCondition;
  /** Only when written and not the defaults (required: true, restart: false). */
  options?: { required: boolean; restart: boolean };
}

/** One service as validated, before its spec hash is computed. */
export interface ServiceDraft {
  name: string;
  keyPos: Pos;
  path: string;
  spec: Omit<ServiceSpec, "specHash">;
  ports: Located<PortSpec>[];
  volumes: Located<VolumeMount>[];
  dependencies: Located<DependencyEdge>[];
}

export interface ManifestDraft {
  project: string;
  version: 2 | "legacy";
  imagePolicy: "allow-tags" | "require-digest";
  volumes: Record<string, VolumeSpec>;
  /** Top-level `networks:`; absent when none are declared (hashes stay as before). */
  networks?: Record<string, NetworkSpec>;
  /** In document order (cross-service checks report "the second one"). */
  services: ServiceDraft[];
  reconcile: ReconcilePolicy;
}

/** What a service checker needs from the rest of the manifest. */
export interface ServiceContext {
  project: string | undefined;
  manifestDir: string;
  declaredVolumes: ReadonlySet<string>;
  /** Top-level `networks:` keys (absent = none declared). */
  declaredNetworks?: ReadonlySet<string>;
  /** Declared networks with an ipam subnet (a static ipv4Address needs one). */
  subnetNetworks?: ReadonlySet<string>;
  imagePolicy: "allow-tags" | "require-digest";
}
