import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import { installJobQueues } from "@/lib/jobs/job-queue";

/**
 * A fresh, migrated database for a benchmark: on TEST_DATABASE_URL's server,
 * or on an embedded PostgreSQL started in a temp folder. stop() drops the
 * database (and stops and removes the embedded server), leaving nothing behind.
 */
export async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `likeness_bench_${randomBytes(4).toString("hex")}`;
  let admin = databaseConfig().testUrl;
  let stopServer: () => Promise<void> = async () => undefined;
  let dataDir: string | null = null;
  if (!admin) {
    const { startEmbeddedPostgres } = await import("@/lib/db/embedded-postgres");
    dataDir = path.join(os.tmpdir(), `likeness-bench-pg-${process.pid}`);
    const server = await startEmbeddedPostgres({ dataDir, database: "postgres" });
    admin = server.url;
    stopServer = server.stop;
  }
  const adminUrl = admin;
  const onServer = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await onServer(`CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url);
  await installJobQueues(url);
  return {
    url,
    stop: async () => {
      await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await stopServer();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
