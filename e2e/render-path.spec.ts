import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { formatMoney } from "@/lib/format/money";
import { signInAs, uniq } from "./support/app";
import { serverEnv } from "./support/server-env";

// The product's whole path in Chromium against the real app and worker: a
// studio chooses the performer the worker found in its footage, pays for an approved request (local test payment), watches the real
// render (tiny preset, cpu backend, a few steps, a real 1.5 s clip, a real
// talent's photos), downloads the watermarked output and verifies it on
// /verify (VALID); the talent revokes consent; the download link answers 410
// and /verify says REVOKED; the talent's earnings page shows the order.

type Setup = {
  requestId: string;
  profileId: string;
  title: string;
  priceMinor: number;
  currency: string;
  talentName: string;
  talentEmail: string;
  studioEmail: string;
  password: string;
};

const ROOT = path.resolve(import.meta.dirname, "..");

async function setUpRenderableRequest(): Promise<Setup> {
  const { stdout } = await promisify(execFile)(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [path.join(ROOT, "e2e", "support", "render-setup.ts"), JSON.stringify({ tag: uniq() })],
    {
      cwd: ROOT,
      env: { ...process.env, ...serverEnv(), NODE_ENV: "production" },
      timeout: 120_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Setup;
}

test("a studio pays, watches the real render, downloads and verifies the output; after the talent revokes, the link answers 410 and /verify says REVOKED", async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const s = await setUpRenderableRequest();
  const price = formatMoney(s.priceMinor, s.currency);
  const studio = await signInAs(browser, s.studioEmail, s.password);

  await test.step("the worker finds the performer in the footage; the studio sees their face and chooses them", async () => {
    await studio.goto(`/studio/requests/${s.requestId}`);
    const picker = studio.getByRole("form", { name: "Choose the performer" });
    // The scan runs on the worker with the real detector; the page refreshes itself until it is done.
    await expect(picker).toBeVisible({ timeout: 120_000 });
    const face = picker.getByRole("img", { name: "Face of performer 1" });
    await expect(face).toBeVisible();
    expect(await face.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await picker.getByRole("radio", { name: /Performer 1/ }).check();
    await picker.getByRole("button", { name: "Replace this performer" }).click();
    await expect(studio.getByText("Performer saved: the render replaces this person's face.")).toBeVisible();
  });

  await test.step("the studio pays on the test-payment page and lands on its order", async () => {
    await studio.goto(`/studio/requests/${s.requestId}`);
    await studio
      .getByRole("form", { name: "Pay for this swap" })
      .getByRole("button", { name: `Pay ${price}` })
      .click();
    await expect(studio.getByText("Test payment — no real money moves")).toBeVisible();
    await studio
      .getByRole("form", { name: "Confirm the test payment" })
      .getByRole("button", { name: `Pay ${price}` })
      .click();
    await expect(studio).toHaveURL(/\/studio\/orders\/[^/?]+/);
  });

  await test.step("the render progresses live, with a preview frame, to delivery", async () => {
    const overall = studio.getByRole("progressbar", { name: "Overall render progress" });
    await expect(overall).toBeVisible();
    // Progress is seen moving on the page without a reload.
    await expect
      .poll(async () => Number(await overall.getAttribute("aria-valuenow")), { timeout: 180_000, intervals: [1_000] })
      .toBeGreaterThan(10);
    await expect(studio.getByLabel("Order status")).toContainText("Delivered", { timeout: 240_000 });
    await expect(studio.getByTestId("verify-code")).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  });

  let downloadUrl = "";
  let file = "";
  await test.step("the studio downloads the output and /verify finds it VALID under the order's license", async () => {
    const [download] = await Promise.all([studio.waitForEvent("download"), studio.getByRole("button", { name: "Download" }).click()]);
    downloadUrl = download.url();
    expect(downloadUrl).toMatch(/\/api\/v1\/downloads\//);
    file = path.join(mkdtempSync(path.join(os.tmpdir(), "likeness-e2e-render-")), "delivered.mp4");
    await download.saveAs(file);
    await studio.goto("/verify");
    await studio
      .getByLabel("Choose image or video")
      .setInputFiles({ name: "delivered.mp4", mimeType: "video/mp4", buffer: readFileSync(file) });
    const result = studio.getByRole("article", { name: "Verification result" });
    await expect(result.getByTestId("verify-verdict")).toHaveText("VALID", { timeout: 120_000 });
    await expect(result).toContainText(s.talentName);
  });

  await test.step("the talent revokes consent: the download link answers 410 with the reason and /verify says REVOKED", async () => {
    const talent = await signInAs(browser, s.talentEmail, s.password);
    await talent.goto(`/likeness/${s.profileId}`);
    await talent.getByRole("button", { name: "Revoke consent" }).click();
    const dialog = talent.getByRole("dialog", { name: "Revoke this consent?" });
    await dialog.getByLabel("Reason for revoking").fill("I no longer license my face.");
    await dialog.getByRole("button", { name: "Revoke consent" }).click();
    await expect(dialog).toBeHidden();

    const gone = await studio.request.get(downloadUrl);
    expect(gone.status()).toBe(410);
    expect(JSON.stringify(await gone.json())).toContain("I no longer license my face.");

    await studio.goto("/verify");
    await studio
      .getByLabel("Choose image or video")
      .setInputFiles({ name: "delivered.mp4", mimeType: "video/mp4", buffer: readFileSync(file) });
    await expect(studio.getByRole("article", { name: "Verification result" }).getByTestId("verify-verdict")).toHaveText("REVOKED", {
      timeout: 120_000,
    });

    await test.step("the talent's earnings page lists the delivered order with her share", async () => {
      await talent.goto("/earnings");
      await expect(talent.locator("main")).toContainText(s.title);
    });
  });
});
