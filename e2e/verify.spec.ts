import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { jpeg } from "./support/app";
import { dbTask } from "./support/server-env";

// The public /verify page (issue 4), signed out: an unwatermarked photo, a file
// of the wrong type, and a registered output (made through lib against the e2e
// database) whose license is valid and then revoked.

test("an unwatermarked image is reported as carrying no Likeness watermark", async ({ page }) => {
  await page.goto("/verify");
  await expect(page.getByRole("heading", { name: "Verify a file" })).toBeVisible();
  await page
    .getByLabel("Choose image or video")
    .setInputFiles({ name: "holiday.jpg", mimeType: "image/jpeg", buffer: await jpeg(5, 640, 480) });
  const result = page.getByRole("article", { name: "Verification result" });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByTestId("verify-verdict")).toHaveText("NOT VERIFIED");
  await expect(result).toContainText("No Likeness watermark found");
});

test("a file that is not an image or video gets a clear error", async ({ page }) => {
  await page.goto("/verify");
  await page
    .getByLabel("Choose image or video")
    .setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("plain text pretending to be a photo\n".repeat(10)) });
  await expect(page.locator("#verify-file-error")).toContainText(/not|type/i);
  await expect(page.getByRole("article", { name: "Verification result" })).toHaveCount(0);
});

test("a delivered output verifies as VALID from its file, and as REVOKED by its code once its license is revoked", async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "likeness-e2e-verify-"));
  const out = await dbTask<{ verifyCode: string; outputPath: string; offerId: string; talentName: string; studioName: string }>(
    "make-output",
    {
      dir,
      talentName: `Vera Verified ${Date.now().toString(36)}`,
      studioName: "Verify Pictures",
    },
  );

  await page.goto("/verify");
  await page
    .getByLabel("Choose image or video")
    .setInputFiles({ name: "delivered.png", mimeType: "image/png", buffer: readFileSync(out.outputPath) });
  const result = page.getByRole("article", { name: "Verification result" });
  await expect(result.getByTestId("verify-verdict")).toHaveText("VALID", { timeout: 60_000 });
  await expect(result).toContainText("Likeness watermark found");
  await expect(result).toContainText("Exact file match");
  // The C2PA manifest embedded at delivery, read by the web server with the C2PA library (WASM).
  await expect(result).toContainText("Content Credentials (C2PA) valid");
  await expect(result.getByTestId("content-credentials")).toContainText(out.offerId);
  await expect(result).toContainText(out.talentName);
  await expect(result).toContainText(out.studioName);

  await dbTask("revoke-offer", { offerId: out.offerId, reason: "The talent withdrew this license." });
  await page.goto(`/verify?code=${encodeURIComponent(out.verifyCode)}`);
  await expect(page.getByRole("article", { name: "Verification result" }).getByTestId("verify-verdict")).toHaveText("REVOKED", {
    timeout: 30_000,
  });
});

test("a forged X-Forwarded-For does not buy a fresh verify rate-limit allowance", async ({ request }) => {
  // Each request claims another client address; the web server keys the limit
  // on the socket's peer, so the allowance keeps shrinking. (Three requests: a
  // fixed window may reset between two of them, never twice.)
  const remaining: number[] = [];
  for (const forged of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
    const res = await request.post("/api/v1/verify", {
      headers: { "x-forwarded-for": forged, "x-likeness-client-address": forged },
      data: { code: "04HM-ASRA-DPQZ-YK" },
    });
    expect(res.status()).not.toBe(500);
    remaining.push(Number(res.headers()["ratelimit-remaining"]));
  }
  expect(remaining.some((r, i) => i > 0 && r < remaining[i - 1]!)).toBe(true);
});
