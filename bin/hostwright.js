#!/usr/bin/env node
// Thin launcher so the package `bin` works from a clone (after `npm run build`) and when installed.
import("../dist/cli/main.js").catch((err) => {
  process.stderr.write(
    `hostwright: could not load dist/cli/main.js (${err?.code ?? err}). Run \`npm run build\` first.\n`,
  );
  process.exitCode = 1;
});
