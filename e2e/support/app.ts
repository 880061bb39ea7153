import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import sharp from "sharp";
import { makePdf } from "@/lib/testing/pdf-fixture";

// Helpers that act as a person would: sign up through the form, sign in, and
// files a person would pick (real JPEGs, a small MP4, a PDF release).

export const DEMO_PASSWORD = process.env.LIKENESS_DEMO_PASSWORD || "likeness-demo-2026";
export const PASSWORD = "e2e password 2026!";

/** A suffix that makes names and emails unique per test run. */
export const uniq = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

export type Role = "TALENT" | "AGENT" | "ESTATE" | "STUDIO";
const ROLE_LABEL: Record<Role, string> = { TALENT: "Talent", AGENT: "Agent", ESTATE: "Estate", STUDIO: "Studio" };

export type Person = { page: Page; email: string; name: string };

/** No cookies: a context of its own even where a spec uses a saved sign-in (test.use storageState applies to browser.newContext too). */
const SIGNED_OUT = { cookies: [], origins: [] };

/** A fresh browser context (own cookies) whose person signs up through the form. */
export async function signUpAs(browser: Browser, role: Role, opts: { name: string; studioName?: string; email?: string }): Promise<Person> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  const email = opts.email ?? `${role.toLowerCase()}-${uniq()}@e2e.test`;
  await page.goto("/sign-up");
  await page.getByRole("radio", { name: new RegExp(`^${ROLE_LABEL[role]}\\b`) }).check();
  await page.getByLabel(role === "ESTATE" ? "Your name (the estate's representative)" : "Full name").fill(opts.name);
  if (role === "STUDIO") await page.getByLabel("Studio name").fill(opts.studioName ?? `${opts.name} Studio`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).not.toHaveURL(/\/sign-up/, { timeout: 30_000 });
  return { page, email, name: opts.name };
}

/** A fresh browser context signed in through the sign-in form. */
export async function signInAs(browser: Browser, email: string, password: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...options, storageState: SIGNED_OUT });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 });
  return page;
}

// ---------------------------------------------------------------------------
// Files

/** A real JPEG: a gradient with a face-sized ellipse, tinted per `seed`. */
export async function jpeg(seed = 0, width = 400, height = 400): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},40%,60%)"/><stop offset="1" stop-color="#4a6fa5"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <ellipse cx="${width / 2}" cy="${height / 2}" rx="${width / 4}" ry="${height / 3}" fill="#e0b48f"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

let mp4Cache: Buffer | null = null;
/** A one-second 320×240 H.264 MP4 made with ffmpeg (a test pattern). */
export function mp4(): Buffer {
  if (mp4Cache) return mp4Cache;
  const dir = mkdtempSync(path.join(os.tmpdir(), "likeness-e2e-mp4-"));
  const file = path.join(dir, "target.mp4");
  execFileSync(process.env.FFMPEG_PATH || "ffmpeg", [
    "-hide_banner",
    "-loglevel",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=320x240:rate=24:duration=1",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    "-y",
    file,
  ]);
  mp4Cache = readFileSync(file);
  return mp4Cache;
}

/** A tiny valid one-page PDF: a performer's release. */
export const pdf = makePdf;

export const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
