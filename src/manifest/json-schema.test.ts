import { describe, expect, it } from "vitest";
import * as NK from "./check-networks.js";
import * as RF from "./check-runtime-fields.js";
import { manifestJsonSchema } from "./index.js";
import * as Keys from "./known-keys.js";

type Schema = Record<string, unknown>;
const schema = manifestJsonSchema();
const defs = schema.$defs as Record<string, Schema>;
const propertiesOf = (s: Schema): string[] => Object.keys((s.properties ?? {}) as Schema).sort();
const objectIn = (s: Schema): Schema => {
  if (s.properties !== undefined) return s;
  const variant = (s.oneOf as Schema[] | undefined)?.find((v) => v.properties !== undefined);
  if (variant === undefined) throw new Error("no object variant");
  return variant;
};
const sorted = (keys: readonly string[]): string[] => [...keys].sort();

describe("manifestJsonSchema", () => {
  it("is draft 2020-12 and plain JSON", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("resolves every $ref", () => {
    const refs = JSON.stringify(schema).match(/"#\/\$defs\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(defs[ref.slice(9, -1)], ref).toBeDefined();
  });

  it("lists exactly the keys the validator accepts", () => {
    const service = defs.service as Schema;
    const props = (s: Schema, key: string): Schema => (s.properties as Record<string, Schema>)[key] as Schema;
    const probe = defs.probe as Schema;
    const health = props(service, "health");
    const restart = props(service, "restart");
    const reconcile = defs.reconcile as Schema;
    const guardrails = props(reconcile, "guardrails");
    const windows = props(guardrails, "maintenanceWindows").items as Schema;
    expect(propertiesOf(schema)).toEqual(sorted(Keys.TOP_LEVEL_KEYS));
    expect(propertiesOf(service)).toEqual(sorted(Keys.SERVICE_KEYS));
    expect(propertiesOf(objectIn(defs.volume as Schema))).toEqual(sorted(Keys.VOLUME_KEYS));
    expect(propertiesOf(objectIn(defs.port as Schema))).toEqual(sorted(Keys.PORT_KEYS));
    expect(propertiesOf(objectIn(defs.mount as Schema))).toEqual(sorted(Keys.MOUNT_KEYS));
    expect(propertiesOf(props(service, "probes"))).toEqual(sorted(Keys.PROBE_SET_KEYS));
    expect(propertiesOf(probe)).toEqual(sorted(Keys.PROBE_KEYS));
    expect(propertiesOf(props(probe, "http"))).toEqual(sorted(Keys.HTTP_ACTION_KEYS));
    expect(propertiesOf(props(probe, "tcp"))).toEqual(sorted(Keys.TCP_ACTION_KEYS));
    expect(propertiesOf(health)).toEqual(sorted(Keys.HEALTH_KEYS));
    expect(propertiesOf(restart)).toEqual(sorted(Keys.RESTART_KEYS));
    expect(propertiesOf(props(restart, "backoff"))).toEqual(sorted(Keys.BACKOFF_KEYS));
    expect(propertiesOf(props(service, "update"))).toEqual(sorted(Keys.UPDATE_KEYS));
    expect(propertiesOf(props(service, "resources"))).toEqual(sorted(Keys.RESOURCE_KEYS));
    expect(propertiesOf(objectIn(props(service, "build")))).toEqual(sorted(RF.BUILD_KEYS));
    expect(propertiesOf(objectIn(props(service, "healthcheck")))).toEqual(sorted(RF.HEALTHCHECK_KEYS));
    expect(propertiesOf(props(service, "logging"))).toEqual(sorted(RF.LOGGING_KEYS));
    expect(propertiesOf(props(service, "secrets").additionalProperties as Schema)).toEqual(
      sorted(RF.FILE_KEYS.filter((k) => k !== "content")),
    );
    expect(propertiesOf(props(service, "configs").additionalProperties as Schema)).toEqual(
      sorted(RF.FILE_KEYS),
    );
    expect(propertiesOf(objectIn(defs.network as Schema))).toEqual(sorted(NK.NETWORK_KEYS));
    expect(propertiesOf(reconcile)).toEqual(sorted(Keys.RECONCILE_KEYS));
    expect(propertiesOf(guardrails)).toEqual(sorted(Keys.GUARDRAIL_KEYS));
    expect(propertiesOf(props(guardrails, "rateLimit"))).toEqual(sorted(Keys.RATE_LIMIT_KEYS));
    expect(propertiesOf(windows)).toEqual(sorted(Keys.WINDOW_KEYS));
  });

  it("returns a fresh copy each time", () => {
    const a = manifestJsonSchema();
    (a.$defs as Record<string, unknown>).service = {};
    expect((manifestJsonSchema().$defs as Record<string, Schema>).service?.properties).toBeDefined();
  });
});
