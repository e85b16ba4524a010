#!/usr/bin/env node
// Thin launcher so the package `bin` works from a clone (after `npm run build`) and when installed.
// dist/bundle/main.js is the bundled CLI (scripts/bundle-cli.mjs); dist/cli/main.js is tsc's output.
import nodeModule from "node:module";

// Node >= 22.1 keeps compiled code between runs (in the OS temp dir); Node 20 has no such cache.
nodeModule.enableCompileCache?.();

const bundle = new URL("../dist/bundle/main.js", import.meta.url);
import(bundle.href)
  .catch((err) => {
    if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes(bundle.pathname)) {
      return import("../dist/cli/main.js");
    }
    throw err;
  })
  .catch((err) => {
    process.stderr.write(
      `hostwright: could not load the built CLI in dist/ (${err?.code ?? err}). Run \`npm run build\` first.\n`,
    );
    process.exitCode = 1;
  });
