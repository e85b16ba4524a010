/**
 * `npm run build`, first step (tsc then type-checks and writes dist/ file by file): bundles the CLI into dist/bundle/ with esbuild, so a
 * command loads a handful of files instead of resolving and linking ~200 ESM modules (the largest
 * share of a no-op apply's time). Lazily imported commands stay lazy: each becomes its own chunk.
 *
 * - Only the pure-JS packages the CLI's own path needs are bundled (BUNDLED); every other
 *   package stays an ordinary import from node_modules: better-sqlite3 is native, and the
 *   daemon's server stack (fastify, pino, prom-client) is loaded only by `hostwright daemon`.
 * - `import.meta.url` in a bundled module means the URL its tsc-emitted file in dist/ has, so
 *   paths relative to a module (../../package.json, ./assets/) resolve exactly as unbundled.
 *
 * bin/hostwright.js runs dist/bundle/main.js, and dist/cli/main.js (tsc's output) when there is
 * no bundle.
 */
import { readFile, rm } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist/bundle");
const BUNDLED = new Set(["commander", "yaml", "picocolors", "cli-table3", "croner"]);

/** Bare specifier → package name ("yaml/util" → "yaml", "@scope/x/y" → "@scope/x"). */
function packageName(spec) {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const externalPackages = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      return BUNDLED.has(packageName(args.path)) ? undefined : { path: args.path, external: true };
    });
  },
};

const tscImportMetaUrl = {
  name: "tsc-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /[/\\]src[/\\].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const emitted = join(root, "dist", relative(join(root, "src"), args.path)).replace(/\.ts$/, ".js");
      const fromChunk = relative(outdir, emitted).split("\\").join("/");
      const url = `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`;
      return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

// A failed build must not leave an older bundle behind for bin/hostwright.js to run.
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // CommonJS packages bundled into ESM still call require() for node's built-ins.
  banner: {
    js: 'import { createRequire as __hwCreateRequire } from "node:module"; const require = __hwCreateRequire(import.meta.url);',
  },
  plugins: [externalPackages, tscImportMetaUrl],
});
