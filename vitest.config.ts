import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Two projects: fast unit tests (no database) and integration tests that run
// against a real PostgreSQL started by the global setup.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        resolve: { alias: { "@": root } },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "ml/**/*.test.ts", "app/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          // Test files already run one per core, and face detection runs on wasm in
          // nearly every engine test: a pool of wasm threads per file would make the
          // files' threads spin-wait for each other. ml/backend/wasm-train.test.ts
          // keeps the threads under test.
          env: { ML_WASM_THREADS: process.env.ML_WASM_THREADS ?? "1" },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias: { "@": root } },
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "app/**/*.int.test.ts"],
          globalSetup: ["lib/testing/global-db-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
