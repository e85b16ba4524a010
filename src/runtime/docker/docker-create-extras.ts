/**
 * What happens between create and start: joining further networks (aliases, static IPv4) and
 * putting secret/config files into the container through the archive API. Files go straight into
 * the container's filesystem, so their content is never written to the host's disk nor logged.
 */
import type { ContainerCreateSpec } from "../../core/index.js";
import { type TarEntry, tarArchive } from "../build/tar.js";
import type { EngineClient } from "./engine-client.js";

export async function connectExtraNetworks(
  client: EngineClient,
  id: string,
  spec: ContainerCreateSpec,
): Promise<void> {
  for (const n of spec.extraNetworks ?? []) {
    await client.call({
      method: "POST",
      path: `/networks/${encodeURIComponent(n.name)}/connect`,
      body: {
        Container: id,
        EndpointConfig: {
          Aliases: n.aliases,
          ...(n.ipv4Address ? { IPAMConfig: { IPv4Address: n.ipv4Address } } : {}),
        },
      },
      what: `connect container ${spec.name} to network ${n.name}`,
    });
  }
}

/** A numeric id, or undefined for a name (the archive carries numbers only). */
function numericId(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function filesArchive(files: NonNullable<ContainerCreateSpec["files"]>): Buffer {
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.target.replace(/^\/+/, "").split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ path: dir, type: "dir", mode: 0o755 });
      }
    }
    const uid = numericId(f.uid);
    const gid = numericId(f.gid);
    entries.push({
      path: parts.join("/"),
      type: "file",
      content: Buffer.from(f.content, "utf8"),
      // Compose's default for secrets and configs alike: world-readable, 0444.
      mode: f.mode ?? 0o444,
      ...(uid !== undefined ? { uid } : {}),
      ...(gid !== undefined ? { gid } : {}),
    });
  }
  return tarArchive(entries);
}

export async function putFiles(client: EngineClient, id: string, spec: ContainerCreateSpec): Promise<void> {
  if (!spec.files || spec.files.length === 0) return;
  await client.call({
    method: "PUT",
    path: `/containers/${encodeURIComponent(id)}/archive`,
    query: { path: "/" },
    rawBody: { data: filesArchive(spec.files), contentType: "application/x-tar" },
    // Never the target's content: only the container's name reaches an error.
    what: `put secret/config files into container ${spec.name}`,
  });
}
