/** The slices of Engine API (v1.41+) JSON that the adapter reads. Everything optional is optional there too. */

export interface ApiPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface ApiEndpoint {
  IPAddress?: string;
  Aliases?: string[] | null;
}

/** GET /containers/json item. */
export interface ApiContainerSummary {
  Id: string;
  Names?: string[];
  Image: string;
  ImageID?: string;
  Created?: number;
  Ports?: ApiPort[];
  Labels?: Record<string, string> | null;
  State?: string;
  Status?: string;
  NetworkSettings?: { Networks?: Record<string, ApiEndpoint> | null };
}

/** GET /containers/{id}/json. */
export interface ApiContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  Created?: string;
  Config: { Image: string; Labels?: Record<string, string> | null };
  State: {
    Status: string;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    /** Present only when the container has a HEALTHCHECK (its own or its image's). */
    Health?: { Status: string } | null;
  };
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
    Networks?: Record<string, ApiEndpoint> | null;
  };
}

/** GET /images/json item and the useful part of GET /images/{name}/json. */
export interface ApiImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
}

export interface ApiVolume {
  Name: string;
  Labels?: Record<string, string> | null;
}

export interface ApiNetwork {
  Id: string;
  Name: string;
  Labels?: Record<string, string> | null;
}

/** One /events message. */
export interface ApiEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** One line of a pull's progress stream. */
export interface ApiPullMessage {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}
