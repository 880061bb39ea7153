import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { installJobQueues } from "@/lib/jobs/job-queue";

// A fresh, uniquely named database per test file (or per test) on the server the
// global setup provides, so tests never see each other's rows and can run
// against a shared CI PostgreSQL without touching its other databases.

export type TestDatabase = {
  /** Prisma client on the new database. */
  db: Db;
  url: string;
  name: string;
  /** Disconnects the client and drops the database. */
  drop: () => Promise<void>;
};

export function adminUrl(): string {
  const url = inject("testDatabaseAdminUrl");
  if (!url) throw new Error("no test database server: run integration tests with `npm run test:int` (its global setup starts one)");
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database and, unless `migrate: false`, applies every
 * migration in prisma/migrations with the real runner.
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `likeness_test_${randomBytes(6).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(adminUrl(), name);
  if (opts.migrate !== false) {
    await migrate(url);
    await installJobQueues(url);
  }
  const db = createDb(url);
  return {
    db,
    url,
    name,
    drop: async () => {
      await db.$disconnect();
      // FORCE: a test that failed mid-way may leave connections open.
      await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
