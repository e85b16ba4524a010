/** The parts of the Engine API's swarm objects the runtime reads (API ≥ 1.41). */
export interface RawNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec: { Availability?: string; Role?: string; Labels?: Record<string, string> };
  Status: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string };
}

export interface RawService {
  ID: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number } };
    TaskTemplate?: { Placement?: { Constraints?: string[] } };
  } & Record<string, unknown>;
  UpdateStatus?: { State?: string; Message?: string };
}

export interface RawTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  DesiredState: string;
  Status: { State: string; Message?: string; Err?: string; Timestamp?: string };
}

export interface RawNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Labels: Record<string, string> | null;
}
