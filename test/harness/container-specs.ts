/** ContainerCreateSpec builders for engine tests: the labels and names Hostwright would use. */
import { type ContainerCreateSpec, containerName, Labels } from "../../src/core/index.js";
import { TEST_IMAGE } from "./engine.js";

export function ownedLabels(project: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [Labels.managed]: "true", [Labels.project]: project, ...extra };
}

/** A container spec for `<project>-<service>-<index>` from the test image (httpd on 8080). */
export function testContainerSpec(
  project: string,
  service: string,
  index: number,
  overrides: Partial<ContainerCreateSpec> = {},
): ContainerCreateSpec {
  return {
    name: containerName(project, service, index),
    image: TEST_IMAGE,
    labels: ownedLabels(project, {
      [Labels.service]: service,
      [Labels.instance]: String(index),
      [Labels.specHash]: "test",
    }),
    init: false,
    env: {},
    ports: [],
    volumes: [],
    readOnlyRootFilesystem: false,
    stopGracePeriodMs: 1000,
    network: { name: `${project}_default`, aliases: [service] },
    ...overrides,
  };
}
