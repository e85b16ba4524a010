import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { LNode } from "./located.js";
import { readString } from "./map-reader.js";

// The grammar of distribution/reference (what Docker and Podman accept), as one expression.
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`,
);
const PINNED = /@sha256:[0-9a-f]{64}$/;

export function checkImage(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  policy: "allow-tags" | "require-digest",
): string | undefined {
  const ref = readString(sink, node, path);
  if (ref === undefined) return undefined;
  const problem = imageProblem(ref);
  if (problem !== undefined) {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.invalidImage,
      problem,
      "e.g. ghcr.io/example/api:1.2 or busybox@sha256:<64 hex>",
    );
    return undefined;
  }
  if (policy === "require-digest" && !PINNED.test(ref)) {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.digestRequired,
      `imagePolicy: require-digest needs a pinned image, got "${ref}"`,
      "write name@sha256:<64 hex> (docker image inspect --format '{{index .RepoDigests 0}}' shows it)",
    );
    return undefined;
  }
  return ref;
}

/** Why `ref` is not an image reference, or undefined when it is one. */
export function imageProblem(ref: string): string | undefined {
  if (ref === "") return "image is empty";
  if (/\s/.test(ref)) return `image "${ref}" contains whitespace`;
  if (ref.startsWith("-")) return `image "${ref}" must not start with "-"`;
  const atDigest = /@sha256:(.*)$/.exec(ref);
  if (atDigest !== null && !/^[0-9a-f]{64}$/.test(atDigest[1] ?? ""))
    return "a sha256 digest is 64 lowercase hex characters";
  if (!REFERENCE.test(ref)) {
    const name = ref.split("@")[0]?.replace(/:[^/]*$/, "") ?? ref;
    const repo = name.includes("/") ? name.slice(name.indexOf("/") + 1) : name;
    if (/[A-Z]/.test(repo)) return `repository name in "${ref}" must be lowercase`;
    return `"${ref}" is not a valid image reference`;
  }
  return undefined;
}
