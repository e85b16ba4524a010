/**
 * Volumes, networks and images through their list/create/delete commands. Existence is always
 * checked with one list call first: `volume create` fails on an existing name, and `network
 * delete` reports every failure with the same text, so "missing" cannot be told from "in use".
 */
import { assertOwnResource, HwError, type ImageInfo, RuntimeErrorCode } from "../../core/index.js";
import { cliFailure, isAlreadyExists, isNotFound } from "./cli-errors.js";
import type { RunCli } from "./cli-runner.js";
import { labelArgs } from "./label-codec.js";
import { parseImageList, parseNetworkList, parseVolumeList, referenceAliases } from "./parse-resources.js";
import { checkNetworkName } from "./runtime-limits.js";

const PULL_TIMEOUT_MS = 30 * 60_000;

export async function listVolumes(run: RunCli) {
  const r = await run(["volume", "list", "--format", "json"]);
  if (r.exitCode !== 0) throw cliFailure("container volume list", r);
  return parseVolumeList(r.stdout);
}

/** macOS 15 has no `network` command (pitfall 19): no networks exist there. */
export async function listNetworks(run: RunCli) {
  const r = await run(["network", "list", "--format", "json"]);
  if (r.exitCode === 64) return [];
  if (r.exitCode !== 0) throw cliFailure("container network list", r);
  return parseNetworkList(r.stdout);
}

export async function listImages(run: RunCli) {
  const r = await run(["image", "list", "--format", "json"]);
  if (r.exitCode !== 0) throw cliFailure("container image list", r);
  return parseImageList(r.stdout);
}

export async function ensureVolume(run: RunCli, name: string, labels: Record<string, string>): Promise<void> {
  const existing = (await listVolumes(run)).find((v) => v.name === name);
  if (existing) return assertOwnResource("volume", name, existing.labels, labels);
  const r = await run(["volume", "create", ...labelArgs("--label", labels), name]);
  if (r.exitCode !== 0 && !isAlreadyExists(r)) throw cliFailure("container volume create", r);
}

export async function removeVolume(run: RunCli, name: string): Promise<void> {
  if (!(await listVolumes(run)).some((v) => v.name === name)) return;
  const r = await run(["volume", "delete", name]);
  if (r.exitCode !== 0 && !isNotFound(r)) throw cliFailure("container volume delete", r);
}

export async function ensureNetwork(
  run: RunCli,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  const invalid = checkNetworkName(name);
  if (invalid) throw new HwError(RuntimeErrorCode.unsupported, invalid);
  const existing = (await listNetworks(run)).find((n) => n.name === name);
  if (existing) return assertOwnResource("network", name, existing.labels, labels);
  const r = await run(["network", "create", ...labelArgs("--label", labels), name]);
  if (r.exitCode !== 0 && !isAlreadyExists(r)) throw cliFailure("container network create", r);
}

export async function removeNetwork(run: RunCli, name: string): Promise<void> {
  if (!(await listNetworks(run)).some((n) => n.name === name)) return;
  const r = await run(["network", "delete", name]);
  if (r.exitCode !== 0) {
    const err = cliFailure("container network delete", r);
    throw new HwError(err.code, err.message, {
      hint: "Containers still attached to the network keep it alive; remove them first.",
    });
  }
}

/** image reference → "sha256:<id>" under every alias the reference is written as. */
export function imageMap(images: Awaited<ReturnType<typeof listImages>>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const image of images) for (const alias of referenceAliases(image.name)) map[alias] = image.id;
  return map;
}

export async function ensureImage(
  run: RunCli,
  ref: string,
  opts: { requireDigest: boolean; onProgress?: (message: string) => void },
): Promise<ImageInfo> {
  const wanted = new Set(referenceAliases(ref));
  const find = async () =>
    (await listImages(run)).find((i) => referenceAliases(i.name).some((a) => wanted.has(a)));
  let image = await find();
  let pulled = false;
  if (image === undefined) {
    opts.onProgress?.(`pulling ${ref}`);
    const r = await run(["image", "pull", "--progress", "none", ref], { timeoutMs: PULL_TIMEOUT_MS });
    if (r.exitCode !== 0) {
      const err = cliFailure("container image pull", r);
      throw new HwError(
        err.code === RuntimeErrorCode.notFound ? RuntimeErrorCode.imageMissing : err.code,
        err.message,
        {
          hint: "Check the image reference and registry access (`container registry login`).",
          retryable: err.retryable,
        },
      );
    }
    pulled = true;
    image = await find();
    if (image === undefined)
      throw new HwError(RuntimeErrorCode.imageMissing, `image ${ref} is not listed after pulling it`);
  }
  const digest = /@(sha256:[0-9a-f]{64})$/.exec(ref)?.[1];
  if (opts.requireDigest && digest !== undefined && image.digest !== undefined && image.digest !== digest) {
    throw new HwError(RuntimeErrorCode.digestMismatch, `image ${ref} resolved to ${image.digest}`);
  }
  const repo = image.name.replace(/[:@][^/]*$/, "");
  return { ref, id: image.id, digests: image.digest ? [`${repo}@${image.digest}`] : [], pulled };
}
