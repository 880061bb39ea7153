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
          // Vitest runs one file at a time here (2 cores: its default leaves one for
          // itself), so each engine test's wasm backend keeps every core (ML_WASM_THREADS'
          // default); ml/backend/wasm-train.test.ts pins two threads.
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
