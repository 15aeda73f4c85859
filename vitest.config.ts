import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One file at a time: the Docker-backed suites share a 2-core engine and measure time limits.
    maxWorkers: 1,
    projects: [
      "sandbox/vitest.config.ts",
      "platform-api/vitest.config.ts",
      "sdk/vitest.config.ts",
      "widget/vitest.config.ts",
      {
        // The same container suites again under gVisor.
        test: {
          name: "sandbox-runsc",
          root: "sandbox",
          include: ["test/languages.test.ts", "test/hostile.test.ts"],
          env: { SANDBOX_RUNTIME: "runsc" },
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
