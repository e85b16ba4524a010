// Image records as `container image list --format json` prints them (reference §2.6). Nothing
// can really be pulled here, so a "pull" fabricates a deterministic image for the reference.
import { createHash } from "node:crypto";
import { CliError, optionSpec, parseOptions, usageError } from "./cli-support.mjs";
import { readState, withState } from "./state-store.mjs";
import { encodeSwiftJson } from "./swift-json.mjs";

/** docker.io normalisation the CLI applies to pulled references ("busybox" → docker.io/library/busybox:latest). */
export function normalizeReference(ref) {
  let name = ref;
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  if (!name.includes("@") && !lastSegment.includes(":")) name += ":latest";
  const first = name.split("/")[0];
  if (!name.includes("/")) name = `docker.io/library/${name}`;
  else if (!first.includes(".") && !first.includes(":") && first !== "localhost") name = `docker.io/${name}`;
  return name;
}

function fabricate(name) {
  const hex = createHash("sha256").update(name).digest("hex");
  return {
    id: hex,
    configuration: {
      name,
      creationDate: new Date(0).toISOString().replace(/\.\d{3}Z$/, "Z"),
      descriptor: {
        digest: `sha256:${hex}`,
        mediaType: "application/vnd.oci.image.index.v1+json",
        size: 512,
      },
    },
    variants: [
      {
        platform: { architecture: "arm64", os: "linux" },
        digest: `sha256:${createHash("sha256").update(`${name}/arm64`).digest("hex")}`,
        size: 1024,
        config: {
          config: {
            Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            Cmd: ["sh"],
          },
        },
      },
    ],
  };
}

/**
 * Returns the image for `ref`, "pulling" it when missing. A repository containing
 * "nonexistent" cannot be pulled (emulator wording; the reference quotes no pull error).
 */
export function ensureImage(state, ref) {
  const name = normalizeReference(ref);
  const existing = state.images[name];
  if (existing) return existing;
  if (name.includes("nonexistent")) {
    throw new CliError(`failed to pull image ${ref} (cause: "notFound: "image ${name} not found"")`);
  }
  const image = fabricate(name);
  state.images[name] = image;
  return image;
}

export function imageCommand(argv) {
  const [sub, ...args] = argv;
  switch (sub) {
    case "list":
    case "ls": {
      const spec = optionSpec([
        [["--format"], "format"],
        [["-q", "--quiet"], "quiet", false],
        [["-v", "--verbose"], "verbose", false],
      ]);
      const { options } = parseOptions(args, spec, "image list");
      const images = Object.values(readState().images);
      if (options.format === "json") return { stdout: `${encodeSwiftJson(images)}\n` };
      return { stdout: images.map((i) => `${i.configuration.name}\n`).join("") };
    }
    case "pull": {
      const spec = optionSpec([
        [["--scheme"], "scheme"],
        [["--progress"], "progress"],
        [["--max-concurrent-downloads"], "max"],
        [["-a", "--arch"], "arch"],
        [["--os"], "os"],
        [["--platform"], "platform"],
      ]);
      const { positionals } = parseOptions(args, spec, "image pull");
      if (positionals[0] === undefined)
        throw usageError("Missing expected argument '<reference>'", "image pull");
      withState((state) => ensureImage(state, positionals[0]));
      return { stdout: "" }; // pull prints nothing on stdout
    }
    case "inspect": {
      const { positionals } = parseOptions(args, {}, "image inspect");
      const images = readState().images;
      const missing = positionals.filter((n) => !images[normalizeReference(n)]);
      if (missing.length > 0) throw new CliError(`image not found: ${missing.join(", ")}`);
      const found = positionals.map((n) => images[normalizeReference(n)]);
      return { stdout: `${encodeSwiftJson(found, { pretty: true })}\n` };
    }
    case "delete":
    case "rm": {
      const { positionals } = parseOptions(args, {}, "image delete");
      return withState((state) => {
        for (const n of positionals) delete state.images[normalizeReference(n)];
        return { stdout: positionals.map((n) => `${n}\n`).join("") };
      });
    }
    default:
      throw usageError(`Unexpected argument '${sub ?? ""}'`, "image");
  }
}
