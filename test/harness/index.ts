export { ownedLabels, testContainerSpec } from "./container-specs.js";
export { type CliResult, dockerCli, dockerCliOk } from "./docker-cli.js";
export { dockerHost, TEST_IMAGE } from "./engine.js";
export { removeProjectContainers, removeProjectResources, uniqueProject } from "./projects.js";
