import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/db/embedded-postgres";
import { runPlatform } from "./start";

// The server Playwright starts (playwright.config.ts webServer): the platform as
// `npm start` runs it, but on a fresh embedded database, data folder and keys in
// a temporary folder, removed when it stops, so every e2e run begins empty except
// for the seeded demo accounts.

const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-e2e-"));
// As root the database runs as the `postgres` user, which must reach its folder inside.
await chmod(dir, 0o755);

const port = Number(process.env.E2E_PORT || 3100);
delete process.env.DATABASE_URL;
Object.assign(process.env, {
  LIKENESS_DATA_DIR: dir,
  LIKENESS_STORAGE_DIR: path.join(dir, "blobs"),
  LIKENESS_PG_PORT: String(await freePort()),
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || randomBytes(32).toString("base64url"),
  NEXTAUTH_URL: `http://localhost:${port}`,
});
console.log(`[e2e-server] data folder ${dir}`);

await runPlatform({
  dev: false,
  port,
  onExit: () => rm(dir, { recursive: true, force: true }),
});
