import { defineConfig } from "vitest/config";

// Two projects: "unit" is pure logic (no engine, runs anywhere); "engine" runs against the real
// private Docker engine that test/harness/global-setup.ts starts (or reuses) and the test image.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/unit/**/*.test.ts"],
          environment: "node",
          // Pure logic, but CI shares 2 cores with the engine and swarm projects: 5 s flaked.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "engine",
          include: [
            "test/engine/**/*.test.ts",
            "test/conformance/**/*.test.ts",
            "test/e2e/**/*.test.ts",
            // The dashboard in headless Chromium against a real daemon and engine.
            "test/browser/**/*.test.ts",
          ],
          environment: "node",
          globalSetup: ["test/harness/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Engine tests share one dockerd; files run one at a time so they never race on names.
          fileParallelism: false,
        },
      },
      {
        test: {
          // A real 2-node Docker Swarm on this machine (scripts/swarm.sh), formed by its globalSetup.
          name: "swarm",
          include: ["test/swarm/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/harness/swarm-global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
