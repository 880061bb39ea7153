import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { databaseConfig } from "@/lib/config";

// Global setup of the "integration" vitest project: one PostgreSQL server for the
// whole run. TEST_DATABASE_URL names a server to use (any database on it that the
// user may CREATE DATABASE from); otherwise an embedded PostgreSQL starts in a
// temporary folder on a free port and is removed afterwards. Each test file then
// makes its own database on it (lib/testing/test-db.ts).

// Module augmentation needs an interface (a type alias cannot merge).
declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = databaseConfig().testUrl;
  if (external) {
    project.provide("testDatabaseAdminUrl", external);
    return async () => undefined;
  }
  const { startEmbeddedPostgres } = await import("@/lib/db/embedded-postgres");
  // Under the OS temp folder (not mkdtemp's 0700 folder): as root the server runs
  // as the `postgres` user, which must be able to reach its data folder.
  const dataDir = path.join(os.tmpdir(), `likeness-test-pg-${process.pid}-${randomBytes(4).toString("hex")}`);
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDir, database: "postgres" });
  console.log(`[integration] embedded PostgreSQL ready in ${Date.now() - started} ms (${dataDir})`);
  project.provide("testDatabaseAdminUrl", server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
