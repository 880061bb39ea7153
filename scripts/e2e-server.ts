import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/db/embedded-postgres";
import { embeddedUrl } from "./local-database";
import { runPlatform } from "./start";

// The server Playwright starts (playwright.config.ts webServer): the platform as
// `npm start` runs it, but on a fresh embedded database, data folder and keys in
// a temporary folder, removed when it stops, so every e2e run begins empty except
// for the seeded demo accounts.

const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-e2e-"));
// As root the database runs as the `postgres` user, which must reach its folder inside.
await chmod(dir, 0o755);

const port = Number(process.env.E2E_PORT || 3100);
const pgPort = await freePort();
delete process.env.DATABASE_URL;
Object.assign(process.env, {
  LIKENESS_DATA_DIR: dir,
  LIKENESS_STORAGE_DIR: path.join(dir, "blobs"),
  LIKENESS_PG_PORT: String(pgPort),
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || randomBytes(32).toString("base64url"),
  NEXTAUTH_URL: `http://localhost:${port}`,
  // A small reference-photo limit, so e2e/bad-input.spec.ts can prove an
  // oversized upload is refused without sending 15 MB through the browser.
  LIKENESS_PHOTO_MAX_BYTES: process.env.LIKENESS_PHOTO_MAX_BYTES || String(2 * 1024 * 1024),
  // Renders in the browser tests train the tiny model for a few steps only: they prove the path, not the quality.
  LIKENESS_RENDER_STEPS: process.env.LIKENESS_RENDER_STEPS || "6",
  // Likewise the talent's base model, trained in the background once a likeness set is analysed.
  LIKENESS_BASE_MODEL_STEPS: process.env.LIKENESS_BASE_MODEL_STEPS || "6",
  ML_BACKEND: process.env.ML_BACKEND || "cpu",
  // Every spec signs up its own people from the one loopback address.
  LIKENESS_SIGN_UPS_PER_HOUR: process.env.LIKENESS_SIGN_UPS_PER_HOUR || "1000",
});
console.log(`[e2e-server] data folder ${dir}`);

// Tests that work below the browser (tampering with the audit log as a database
// superuser would, registering a watermarked output through lib) need the same
// database and folders as the server: written where the tests find them by port.
const E2E_ENV_FILE = path.resolve(import.meta.dirname, "..", ".data", "e2e", `server-${port}.json`);
await mkdir(path.dirname(E2E_ENV_FILE), { recursive: true });
await writeFile(
  E2E_ENV_FILE,
  JSON.stringify(
    {
      DATABASE_URL: embeddedUrl(pgPort),
      LIKENESS_DATA_DIR: dir,
      LIKENESS_STORAGE_DIR: process.env.LIKENESS_STORAGE_DIR,
      LIKENESS_PHOTO_MAX_BYTES: process.env.LIKENESS_PHOTO_MAX_BYTES,
    },
    null,
    2,
  ),
  { mode: 0o600 },
);

await runPlatform({
  dev: false,
  port,
  onExit: async () => {
    await rm(E2E_ENV_FILE, { force: true });
    await rm(dir, { recursive: true, force: true });
  },
});
