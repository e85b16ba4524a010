/** Where the harness engine answers, as seen from a test worker. */
import { inject } from "vitest";

export const TEST_IMAGE = "hostwright.local/busybox:1";

export function dockerHost(): string {
  const host = inject("dockerHost") ?? process.env.DOCKER_HOST;
  if (!host) {
    throw new Error("no DOCKER_HOST: engine tests must run in the vitest 'engine' project (its globalSetup)");
  }
  return host;
}
