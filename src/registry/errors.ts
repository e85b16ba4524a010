/**
 * Registry failures, typed so callers never parse a registry's text. Messages name the image and
 * the registry, never a credential; each carries a hint saying what to do next.
 */
import { HwError } from "../core/index.js";
import { formatImageRef, type ImageRef } from "./image-ref.js";

export const RegistryErrorCode = {
  unauthorized: "HW-REGISTRY-001", // 401/403: no, wrong or insufficient credentials
  notFound: "HW-REGISTRY-002", // unknown manifest (tag/digest) or repository
  unreachable: "HW-REGISTRY-003", // connection refused, DNS, TLS, timeout
  rateLimited: "HW-REGISTRY-004", // 429
  credentialHelper: "HW-REGISTRY-005", // docker-credential-<name> failed or is missing
  badResponse: "HW-REGISTRY-006", // any other status, or an answer we cannot read
} as const;

export function unauthorized(ref: ImageRef, status: number, hadCredentials: boolean): HwError {
  const what = status === 403 ? "denied access to" : "requires authentication for";
  return new HwError(
    RegistryErrorCode.unauthorized,
    `registry ${ref.registry} ${what} ${formatImageRef(ref)}`,
    {
      hint: hadCredentials
        ? `the credentials for ${ref.registry} were refused: run \`docker login ${ref.registry}\` again (hostwright reads $DOCKER_CONFIG/config.json or ~/.docker/config.json)`
        : `no credentials for ${ref.registry}: run \`docker login ${ref.registry}\` (hostwright reads $DOCKER_CONFIG/config.json or ~/.docker/config.json)`,
    },
  );
}

export function notFound(ref: ImageRef, what: "manifest" | "repository"): HwError {
  const message =
    what === "manifest"
      ? `registry ${ref.registry} has no image ${formatImageRef(ref)} (unknown tag or digest)`
      : `registry ${ref.registry} has no repository ${ref.repository}`;
  return new HwError(RegistryErrorCode.notFound, message, {
    hint: "check the image name and tag (a private repository can also answer this way without credentials)",
  });
}

export function unreachable(ref: ImageRef, detail: string, cause?: unknown): HwError {
  return new HwError(RegistryErrorCode.unreachable, `registry ${ref.registry} is not reachable: ${detail}`, {
    hint: "check the registry address, the network and DNS; loopback registries are spoken to over plain HTTP, all others over HTTPS",
    retryable: true,
    cause,
  });
}

export function rateLimited(ref: ImageRef, retryAfter: string | null): HwError {
  return new HwError(
    RegistryErrorCode.rateLimited,
    `registry ${ref.registry} rate-limited the request for ${formatImageRef(ref)}`,
    {
      hint: `${retryAfter ? `retry after ${retryAfter}s; ` : ""}log in (\`docker login ${ref.registry}\`) for a higher limit, or check less often`,
      retryable: true,
    },
  );
}

export function badResponse(ref: ImageRef, detail: string): HwError {
  return new HwError(
    RegistryErrorCode.badResponse,
    `registry ${ref.registry} answered unexpectedly for ${formatImageRef(ref)}: ${detail}`,
    {
      hint: "check that the address is a Docker Registry HTTP API v2 endpoint",
      retryable: true,
    },
  );
}
