import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/chromium";

// End-to-end tests in Debian's Chromium against the real app on a fresh embedded
// database (scripts/e2e-server.ts). Playwright never downloads browsers here:
// its download hosts are unreachable, so the system Chromium and ffmpeg are used.

const CI = !!process.env.CI;
const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://localhost:${PORT}`;

/**
 * Playwright records videos with the ffmpeg it downloads into its browsers
 * folder. Point that folder into .data and link the system ffmpeg where
 * Playwright looks for its own; without an ffmpeg, videos are off.
 */
function videoWithSystemFfmpeg(): boolean {
  const ffmpeg = process.env.FFMPEG_PATH || "/usr/bin/ffmpeg";
  if (!existsSync(ffmpeg)) return false;
  const require = createRequire(import.meta.url);
  const browsers = JSON.parse(
    readFileSync(path.join(path.dirname(require.resolve("playwright-core/package.json")), "browsers.json"), "utf8"),
  ) as {
    browsers: { name: string; revision: string }[];
  };
  const revision = browsers.browsers.find((b) => b.name === "ffmpeg")?.revision;
  if (!revision) return false;
  const dir = path.resolve(".data", "playwright-browsers");
  process.env.PLAYWRIGHT_BROWSERS_PATH ??= dir;
  if (process.env.PLAYWRIGHT_BROWSERS_PATH !== dir) return true; // someone else's browsers folder: trust it
  const link = path.join(dir, `ffmpeg-${revision}`, "ffmpeg-linux");
  if (!existsSync(link)) {
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(ffmpeg, link);
  }
  return true;
}

const video = videoWithSystemFfmpeg() ? "retain-on-failure" : "off";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // One app server and one database: tests share them, so run one at a time
  // (2 cores also leave little room for parallel browsers).
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : [["list"]],
  use: {
    baseURL,
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    video,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-server.ts",
    url: baseURL,
    env: { E2E_PORT: String(PORT) },
    // A first run may build the app (next build) before it serves.
    timeout: 600_000,
    reuseExistingServer: !CI && process.env.E2E_REUSE_SERVER === "1",
    // SIGTERM lets the server stop Next.js, the worker and its database, and remove its temp folder.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
