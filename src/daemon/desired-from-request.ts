/**
 * A desired state sent to the daemon's API is re-derived from its canonical text, and every hash
 * in it is recomputed here: the daemon never trusts a hash a client computed. A mismatch (a buggy
 * or different-version client, a hand-made request) is refused before anything changes.
 */
import { canonicalJson, type Desired, ExitCode, HwError, sha256Hex } from "../core/index.js";
import { computeSpecHash } from "../manifest/spec-hash.js";

export const DesiredRequestErrorCode = {
  malformed: "HW-DAEMON-030",
  hashMismatch: "HW-DAEMON-032",
} as const;

export function desiredFromRequest(body: unknown): Desired {
  const d = (body as { desired?: Partial<Desired> } | undefined)?.desired;
  if (!d || typeof d.canonical !== "string" || typeof d.sourcePath !== "string") throw malformed();
  let state: Omit<Desired, "canonical" | "hash" | "sourcePath">;
  try {
    state = JSON.parse(d.canonical) as typeof state;
  } catch {
    throw malformed();
  }
  if (typeof state?.project !== "string" || !Array.isArray(state.services) || !Array.isArray(state.instances))
    throw malformed();
  // The canonical text must be canonical (what the hash is defined over) and hash to what it claims.
  const hash = sha256Hex(d.canonical);
  if (canonicalJson(state) !== d.canonical || d.hash !== hash)
    throw mismatch(
      `desired state of ${state.project}: hash ${String(d.hash).slice(0, 12)} is not ${hash.slice(0, 12)}`,
    );
  const specHashes = new Map<string, string>();
  for (const s of state.services) {
    const { specHash, ...spec } = s;
    const want = computeSpecHash(spec);
    if (specHash !== want) throw mismatch(`service ${s.name}: spec hash does not match its spec`);
    specHashes.set(s.name, want);
  }
  for (const i of state.instances) {
    if (specHashes.get(i.service) !== i.spec?.specHash)
      throw mismatch(`instance ${i.name}: its spec is not its service's`);
  }
  return { ...state, canonical: d.canonical, hash, sourcePath: d.sourcePath };
}

function malformed(): HwError {
  return new HwError(
    DesiredRequestErrorCode.malformed,
    "request body must carry a validated desired state ({desired})",
    {
      exitCode: ExitCode.usage,
    },
  );
}

function mismatch(detail: string): HwError {
  return new HwError(
    DesiredRequestErrorCode.hashMismatch,
    `refused a desired state whose hashes do not match: ${detail}`,
    {
      exitCode: ExitCode.usage,
      hint: "the CLI and the daemon may be different versions: upgrade both, restart the daemon, and apply again",
    },
  );
}
