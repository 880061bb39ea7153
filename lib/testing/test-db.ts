import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { APP_PRIVILEGE_ROLE, appUrlFor, ensureAppRole } from "@/lib/db/app-role";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { installJobQueues } from "@/lib/jobs/job-queue";

// A fresh, uniquely named database per test file (or per test) on the server the
// global setup provides, so tests never see each other's rows and can run
// against a shared CI PostgreSQL without touching its other databases.
// As in production, the server's user owns the tables and runs the migrations,
// and the tests' client connects as the application's role (lib/db/app-role.ts),
// so every test runs with the privileges the application really has.

/** The application's login on the test server, as the embedded default uses it. */
export const TEST_APP_ROLE = { user: APP_PRIVILEGE_ROLE, password: "likeness_app" } as const;

export type TestDatabase = {
  /** Prisma client on the new database, as the application's role. */
  db: Db;
  /** The application's role on the new database (the owner's when created with `migrate: false`). */
  url: string;
  /** The owner of the tables (the server's user): for migrations, and for tests that tamper as an owner or superuser would. */
  ownerUrl: string;
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
 * migration in prisma/migrations with the real runner and connects as the
 * application's role.
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `likeness_test_${randomBytes(6).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  const ownerUrl = withDatabase(adminUrl(), name);
  let url = ownerUrl;
  if (opts.migrate !== false) {
    await migrate(ownerUrl);
    await installJobQueues(ownerUrl);
    url = appUrlFor(ownerUrl, TEST_APP_ROLE.user, TEST_APP_ROLE.password);
    await ensureAppRole(ownerUrl, url);
  }
  const db = createDb(url);
  return {
    db,
    url,
    ownerUrl,
    name,
    drop: async () => {
      await db.$disconnect();
      // FORCE: a test that failed mid-way may leave connections open.
      await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
