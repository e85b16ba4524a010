/**
 * Stacks of N services materialised for one tool: the files on disk, the tool object, the label
 * that finds its containers, and an untimed teardown. Every tool gets the same services.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PortBase } from "./bench-config.js";
import type { BenchContext } from "./context.js";
import { composeFile, hostwrightManifest, type StackOptions } from "./manifests.js";
import { COMPOSE_LABEL, Compose, type ComposeVariant, HOSTWRIGHT_LABEL, Hostwright } from "./tools.js";

export interface HostwrightStack {
  tool: Hostwright;
  project: string;
  label: string;
  /** Rewrites the manifest (same project, new options). */
  write(opts: StackOptions): void;
  containerName(service: string): string;
}

export interface ComposeStack {
  tool: Compose;
  project: string;
  label: string;
  write(opts: StackOptions): void;
  containerName(service: string): string;
}

/** A fresh directory (manifest + state dir) for a hostwright project. */
export function hostwrightStack(ctx: BenchContext, project: string, opts: StackOptions): HostwrightStack {
  const dir = mkdtempSync(join(ctx.paths.workDir, `${project}-`));
  const manifest = join(dir, "hostwright.yaml");
  const stateDir = join(dir, "state");
  mkdirSync(stateDir);
  const write = (o: StackOptions) => writeFileSync(manifest, hostwrightManifest(project, o));
  write(opts);
  return {
    tool: new Hostwright(ctx.paths, manifest, stateDir),
    project,
    label: HOSTWRIGHT_LABEL(project),
    write,
    containerName: (service) => `${project}-${service}-1`,
  };
}

export function composeStack(
  ctx: BenchContext,
  project: string,
  variant: ComposeVariant,
  opts: StackOptions & { restartAlways?: boolean },
): ComposeStack {
  const dir = mkdtempSync(join(ctx.paths.workDir, `${project}-`));
  const file = join(dir, "docker-compose.yml");
  const write = (o: StackOptions) => writeFileSync(file, composeFile(o));
  write(opts);
  return {
    tool: new Compose(project, file, variant),
    project,
    label: COMPOSE_LABEL(project),
    write,
    // v1 names containers project_service_1, v2 project-service-1.
    containerName: (service) => (variant === "v1" ? `${project}_${service}_1` : `${project}-${service}-1`),
  };
}

export function composePortBase(variant: ComposeVariant): number {
  return variant === "v1" ? PortBase.composeV1 : PortBase.composeV2;
}

/** Throws unless exactly `n` containers carrying `label` are running. */
export async function expectRunning(ctx: BenchContext, label: string, n: number): Promise<void> {
  const list = await ctx.engine.containers(label);
  const running = list.filter((c) => c.State === "running").length;
  if (running !== n || list.length !== n) {
    throw new Error(`${label}: expected ${n} running containers, found ${running} of ${list.length}`);
  }
}

/** Untimed cleanup: remove the project's containers and networks (a stuck network is noted, not fatal). */
export async function teardown(ctx: BenchContext, label: string): Promise<void> {
  const stuck = await ctx.engine.removeAll(label);
  if (stuck.length > 0) {
    const note = `dockerd kept a stale endpoint on network(s) ${stuck.join(", ")} after teardown; left in place (projects use fresh names per run, so nothing depends on them).`;
    ctx.log(note);
    if (!ctx.results.notes.includes(note)) ctx.results.notes.push(note);
  }
}
