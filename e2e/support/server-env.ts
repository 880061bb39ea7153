import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

// What scripts/e2e-server.ts wrote about the running server: its database URL
// and data folders. Tests that act below the browser (a superuser editing the
// audit log, a render delivered through lib) run e2e/support/db-task.ts with it.

export type ServerEnv = { DATABASE_URL: string; LIKENESS_DATA_DIR: string; LIKENESS_STORAGE_DIR: string; LIKENESS_PHOTO_MAX_BYTES: string };

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export function serverEnv(): ServerEnv {
  const port = Number(process.env.E2E_PORT || 3100);
  const file = path.join(ROOT, ".data", "e2e", `server-${port}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ServerEnv;
  } catch {
    throw new Error(`${file} is missing: these tests need the server scripts/e2e-server.ts starts (playwright.config.ts webServer)`);
  }
}

const run = promisify(execFile);

/** Runs one task of e2e/support/db-task.ts against the server's database; returns its JSON answer. */
export async function dbTask<T = unknown>(task: string, args: Record<string, unknown> = {}): Promise<T> {
  const { stdout } = await run(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [path.join(ROOT, "e2e", "support", "db-task.ts"), task, JSON.stringify(args)],
    {
      cwd: ROOT,
      env: { ...process.env, ...serverEnv(), NODE_ENV: "production" },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "null";
  return JSON.parse(last) as T;
}
