/**
 * Resolves secretEnv references at apply time (I/O, kept out of the pure planner). Values live only
 * in memory for the duration of an apply; the planner sees a keyed digest, never the values.
 */

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { ExitCode, HwError, type SecretRef, type ServiceSpec } from "../core/index.js";
import { FILE_VALUE_PREFIX, secretDigest } from "../reconcile/index.js";

export interface ResolvedSecrets {
  /** service → KEY → value. Never log or persist. */
  values: Record<string, Record<string, string>>;
  /** service → digest keyed by the owner id ("" when the service has no secrets). */
  digests: Record<string, string>;
}

export async function resolveSecrets(
  services: readonly ServiceSpec[],
  ownerId: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ResolvedSecrets> {
  const out: ResolvedSecrets = { values: {}, digests: {} };
  for (const s of services) {
    const values: Record<string, string> = {};
    for (const [key, ref] of Object.entries(s.secretEnv)) {
      values[key] = await resolveOne(ref, key, s.name, env);
    }
    // Secret/config files ride along under keys no env name can have, so the owner-keyed
    // digest covers their content (a change recreates) and the values stay in memory only.
    for (const f of s.files ?? []) {
      const source = f.source;
      values[`${FILE_VALUE_PREFIX}${f.target}`] =
        "content" in source
          ? source.content
          : "env" in source
            ? await resolveOne(
                { ref: `env://${source.env}`, scheme: "env", target: source.env },
                f.name,
                s.name,
                env,
              )
            : await readFile(source.file, "utf8").catch((err: NodeJS.ErrnoException) => {
                throw new HwError(
                  "HW-SECRET-002",
                  `services.${s.name} ${f.kind} ${f.name}: cannot read ${source.file} (${err.code ?? "error"})`,
                  {
                    hint: "check the path and that this user can read it",
                  },
                );
              });
    }
    out.values[s.name] = values;
    out.digests[s.name] = secretDigest(ownerId, values);
  }
  return out;
}

function resolveOne(
  ref: SecretRef,
  key: string,
  service: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  return resolveSecretRef(ref, `services.${service}.secretEnv.${key} (${ref.ref})`, env);
}

/**
 * One secret reference's value, read now; `where` names it in errors (which never carry the
 * value). Shared by secretEnv, secret files and the daemon's notify URLs.
 */
export async function resolveSecretRef(
  ref: SecretRef,
  where: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  switch (ref.scheme) {
    case "env": {
      const v = env[ref.target];
      if (v === undefined) {
        throw new HwError("HW-SECRET-001", `${where}: environment variable ${ref.target} is not set`, {
          hint: `export ${ref.target}=… before running hostwright`,
        });
      }
      return v;
    }
    case "file":
      try {
        return (await readFile(ref.target, "utf8")).replace(/\r?\n$/, "");
      } catch (err) {
        throw new HwError(
          "HW-SECRET-002",
          `${where}: cannot read ${ref.target} (${(err as NodeJS.ErrnoException).code ?? "error"})`,
          {
            hint: "check the path and that this user can read it",
          },
        );
      }
    case "keychain": {
      if (process.platform !== "darwin") {
        throw new HwError("HW-SECRET-003", `${where}: keychain:// secrets are only available on macOS`, {
          exitCode: ExitCode.failure,
          hint: "use env:// or file:// on this platform",
        });
      }
      const [svc, account] = ref.target.split("/", 2);
      const { stdout } = await promisify(execFile)("security", [
        "find-generic-password",
        "-s",
        svc ?? "",
        "-a",
        account ?? "",
        "-w",
      ]).catch(() => {
        throw new HwError("HW-SECRET-004", `${where}: not found in the login keychain`, {
          hint: `security add-generic-password -s ${svc} -a ${account} -w`,
        });
      });
      return stdout.replace(/\n$/, "");
    }
  }
}
