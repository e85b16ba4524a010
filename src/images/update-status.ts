/**
 * What status says about a service's auto-update: the declared image, what it resolved to and
 * why, what is being applied, and the digests that are not retried. Pure, from the stored records.
 */
import type { Desired } from "../core/index.js";
import type { ImageUpdateRecord } from "./image-overrides.js";

export interface StoredImageUpdates {
  declaredImage: string;
  applied?: ImageUpdateRecord & { at: string };
  pending?: ImageUpdateRecord & { at: string };
  failed: { digest: string; image: string; at: string }[];
  lastCheck?: { at: string; tag?: string; digest?: string; outcome: string };
}

export interface ServiceImageStatus {
  service: string;
  policy: string;
  declared: string;
  /** The image the service is converged to: the applied update, else the declared one. */
  resolved: string;
  why: string;
  pending?: string;
  failedDigests: string[];
  lastCheck?: StoredImageUpdates["lastCheck"];
}

export function imageUpdateStatus(
  declared: Desired,
  records: Readonly<Record<string, StoredImageUpdates>> | undefined,
): ServiceImageStatus[] {
  return declared.services
    .filter((s) => s.autoUpdate)
    .map((s) => {
      const rec = records?.[s.name]?.declaredImage === s.image ? records[s.name] : undefined;
      const policy = s.autoUpdate!.policy;
      const applied = rec?.applied?.declaredSpecHash === s.specHash ? rec.applied : undefined;
      return {
        service: s.name,
        policy,
        declared: s.image,
        resolved: applied?.image ?? s.image,
        why: applied
          ? `auto-update (${policy}) to ${applied.tag} at ${applied.at}`
          : rec?.lastCheck
            ? `declared image; last check ${rec.lastCheck.at}: ${rec.lastCheck.outcome}`
            : "declared image; not checked yet",
        ...(rec?.pending ? { pending: rec.pending.image } : {}),
        failedDigests: rec?.failed.map((f) => f.digest) ?? [],
        ...(rec?.lastCheck ? { lastCheck: rec.lastCheck } : {}),
      };
    });
}
