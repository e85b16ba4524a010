import { describe, expect, it } from "vitest";
import { OWNER, service } from "../../../test/support/desired-fixtures.js";
import { classifyTaskFailure } from "./cluster-mapping.js";
import { SWARM_SPEC_HASH_LABEL, serviceBody } from "./service-body.js";
import { swarmUnsupportedFields } from "./swarm-unsupported.js";

const base = { project: "shop", ownerId: OWNER, networkNames: { default: "shop_default" }, volumeNames: {} };

describe("serviceBody", () => {
  it("maps the service onto a Swarm spec with ownership labels and its own hash", () => {
    const s = service("web", {
      replicas: 2,
      command: ["httpd", "-f"],
      entrypoint: ["/bin/sh", "-c"],
      env: { A: "1" },
      ports: [{ hostIP: "0.0.0.0", host: 8080, container: 80, protocol: "tcp" }],
      volumes: [{ type: "volume", source: "data", target: "/data", readOnly: false }],
      resources: { cpus: 0.5, memoryBytes: 64 * 1024 * 1024 },
      restart: { policy: "on-failure", maxRetries: 3, backoff: { initialMs: 2000, maxMs: 60_000 } },
      healthcheck: { test: ["CMD", "true"], intervalMs: 5000, retries: 3 },
      placement: { nodes: ["n2"], constraints: ["node.labels.disk==ssd"], failover: [], afterMs: 0 },
    });
    const { body, hash } = serviceBody({ ...base, service: s });
    expect(body).toMatchObject({
      Name: "shop_web",
      Labels: {
        "dev.hostwright.project": "shop",
        "dev.hostwright.service": "web",
        "dev.hostwright.owner": OWNER,
        [SWARM_SPEC_HASH_LABEL]: hash,
      },
      Mode: { Replicated: { Replicas: 2 } },
      TaskTemplate: {
        ContainerSpec: {
          Image: "hostwright.local/busybox:1",
          Command: ["/bin/sh", "-c"],
          Args: ["httpd", "-f"],
          Env: ["A=1"],
          Healthcheck: { Test: ["CMD", "true"], Interval: 5_000_000_000, Retries: 3 },
          Mounts: [{ Type: "volume", Source: "shop_data", Target: "/data" }],
        },
        Resources: { Limits: { NanoCPUs: 500_000_000, MemoryBytes: 67_108_864 } },
        RestartPolicy: { Condition: "on-failure", MaxAttempts: 3, Delay: 2_000_000_000 },
        Placement: { Constraints: ["node.labels.disk==ssd", "node.hostname==n2"] },
        Networks: [{ Target: "shop_default", Aliases: ["web"] }],
      },
      UpdateConfig: { Order: "start-first", Parallelism: 1, FailureAction: "rollback" },
      EndpointSpec: {
        Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "ingress" }],
      },
    });
  });

  it("changes the hash with the env and keeps it for the same input", () => {
    const a = serviceBody({ ...base, service: service("web", { env: { A: "1" } }) }).hash;
    expect(serviceBody({ ...base, service: service("web", { env: { A: "1" } }) }).hash).toBe(a);
    expect(serviceBody({ ...base, service: service("web", { env: { A: "2" } }) }).hash).not.toBe(a);
  });

  it("recreate is stop-first with all tasks at once", () => {
    const s = service("web", {
      update: {
        strategy: "recreate",
        maxSurge: 0,
        maxUnavailable: 1,
        progressDeadlineMs: 5000,
        failureAction: "pause",
      },
    });
    expect(serviceBody({ ...base, service: s }).body.UpdateConfig).toMatchObject({
      Order: "stop-first",
      Parallelism: 0,
      FailureAction: "pause",
      Monitor: 5_000_000_000,
    });
  });
});

describe("swarmUnsupportedFields", () => {
  it("references secrets/configs from the container spec; none leaves the body (and its hash) as before", () => {
    const s = service("web");
    const plain = serviceBody({ ...base, service: s });
    const empty = serviceBody({ ...base, service: s, fileRefs: { Secrets: [], Configs: [] } });
    expect(empty.hash).toBe(plain.hash);
    const ref = { SecretID: "", SecretName: "shop_pw_0123456789ab", File: { Name: "/run/secrets/pw" } };
    const withRef = serviceBody({ ...base, service: s, fileRefs: { Secrets: [ref], Configs: [] } });
    expect(withRef.hash).not.toBe(plain.hash);
    expect(withRef.body).toMatchObject({ TaskTemplate: { ContainerSpec: { Secrets: [ref] } } });
    expect(JSON.stringify(withRef.body)).not.toContain('"Configs"');
  });

  it("refuses what swarm cannot honour, naming the field", () => {
    const s = service("web", {
      privileged: true,
      ports: [{ hostIP: "127.0.0.1", host: 80, container: 80, protocol: "tcp" }],
      secretEnv: { PW: { ref: "env://PW", scheme: "env", target: "PW" } },
      placement: { nodes: ["a", "b"], constraints: [], failover: [], afterMs: 0 },
    });
    expect(swarmUnsupportedFields(s).map((p) => p.field)).toEqual([
      "privileged",
      "secretEnv",
      "ports[0]",
      "placement.nodes",
    ]);
  });

  it("accepts a plain service", () => {
    expect(swarmUnsupportedFields(service("web"))).toEqual([]);
  });

  it("accepts files: (Swarm secrets/configs by reference) while secretEnv stays refused", () => {
    const s = service("web", {
      files: [{ kind: "secret", name: "pw", source: { content: "x" }, target: "/run/secrets/pw" }],
    });
    expect(swarmUnsupportedFields(s)).toEqual([]);
    const env = service("web", { secretEnv: { PW: { ref: "env://PW", scheme: "env", target: "PW" } } });
    expect(swarmUnsupportedFields(env).map((p) => p.field)).toEqual(["secretEnv"]);
    expect(swarmUnsupportedFields(env)[0]?.reason).toContain("files:");
  });
});

describe("classifyTaskFailure", () => {
  it("types Swarm's failure texts once, at the adapter", () => {
    expect(classifyTaskFailure("pending", "no suitable node (1 node not available)")).toBe("noSuitableNode");
    expect(classifyTaskFailure("rejected", "No such image: x:1")).toBe("imageMissing");
    expect(classifyTaskFailure("failed", "task: non-zero exit (1)")).toBe("other");
    expect(classifyTaskFailure("running", "")).toBeUndefined();
  });
});
