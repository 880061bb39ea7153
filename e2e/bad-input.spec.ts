import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { jpeg, signUpAs, uniq } from "./support/app";
import { createProfile, fillOffer, publishOffer, signConsent } from "./support/flows";
import { serverEnv } from "./support/server-env";

// Bad input gets a clear error where the person is looking, and nothing partial
// is kept. The e2e server runs with LIKENESS_PHOTO_MAX_BYTES = 2 MiB
// (scripts/e2e-server.ts), so an oversized photo is a few MB, not 15.

test.describe.configure({ mode: "serial" });

let profileId = "";

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const id = uniq();
  const talent = await signUpAs(browser, "TALENT", { name: `Bad Input Talent ${id}` });
  profileId = await createProfile(talent.page, { displayName: talent.name });
  await signConsent(talent.page, { scopes: ["Advertising"], legalName: talent.name });
  // Keep the signed-in state for the tests.
  const state = path.join(os.tmpdir(), `likeness-e2e-talent-${id}.json`);
  await talent.page.context().storageState({ path: state });
  process.env.E2E_BAD_INPUT_STATE = state;
  await talent.page.context().close();
});

test.use({ storageState: async ({}, use) => use(process.env.E2E_BAD_INPUT_STATE) });

test("a text file renamed .jpg is refused with a clear error and no photo appears", async ({ page }) => {
  await page.goto(`/likeness/${profileId}/photos`);
  await expect(page.getByRole("heading", { name: "Photos in the set (0)" })).toBeVisible();
  await page
    .getByLabel("Reference photos")
    .setInputFiles({ name: "holiday.jpg", mimeType: "image/jpeg", buffer: Buffer.from("This is a text file, not a photo.\n".repeat(20)) });
  const item = page.locator("li", { hasText: "holiday.jpg" });
  await expect(item).toContainText("Failed");
  await expect(item).toContainText("its content was checked, not its name");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Photos in the set (0)" })).toBeVisible();
  await expect(page.getByText("No photos yet")).toBeVisible();
});

test("an oversized photo is refused in the browser and by the server, and nothing is stored", async ({ page }) => {
  const limit = Number(serverEnv().LIKENESS_PHOTO_MAX_BYTES);
  // A real JPEG padded past the limit (bytes after the end-of-image marker).
  const big = Buffer.concat([await jpeg(3), Buffer.alloc(limit + 1024, 0x20)]);
  await page.goto(`/likeness/${profileId}/photos`);
  await page.getByLabel("Reference photos").setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: big });
  const item = page.locator("li", { hasText: "huge.jpg" });
  await expect(item).toContainText("Failed");
  await expect(item).toContainText(/the limit is 2(\.0)? MB/);

  // A client that skips the browser's check gets the same answer from the server.
  const res = await page.request.post("/api/likeness-assets", {
    multipart: { profileId, file: { name: "huge.jpg", mimeType: "image/jpeg", buffer: big } },
  });
  expect(res.status()).toBe(413);
  const body = (await res.json()) as { error: { message: string; fields: Record<string, string> } };
  expect(body.error.fields.file).toMatch(/larger than|limit/i);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Photos in the set (0)" })).toBeVisible();
});

test("a malformed upload request gets a JSON error naming the field", async ({ page }) => {
  const noFile = await page.request.post("/api/likeness-assets", { multipart: { profileId } });
  expect(noFile.status()).toBe(422);
  expect(((await noFile.json()) as { error: { fields: Record<string, string> } }).error.fields.file).toBe("Choose a photo to upload.");
  const notForm = await page.request.post("/api/likeness-assets", { data: "{not json", headers: { "content-type": "application/json" } });
  expect(notForm.status()).toBeGreaterThanOrEqual(400);
  expect(notForm.status()).toBeLessThan(500);
});

test("the sign-up form shows a too-short password next to the field", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByRole("radio", { name: /^Talent\b/ }).check();
  await page.getByLabel("Full name").fill("Shorty Password");
  await page.getByLabel("Email").fill(`short-${uniq()}@e2e.test`);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  const password = page.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  const errorId = (await password.getAttribute("aria-describedby"))!.split(" ").find((x) => x.endsWith("-error"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toContainText(/10 characters/);
  await expect(page).toHaveURL(/\/sign-up/);
  await context.close();
});

test("publishing an offer that ends before it starts shows the error next to the end date", async ({ page }) => {
  await fillOffer(page, profileId, {
    title: `Backwards ${uniq()}`,
    categories: ["Advertising"],
    territories: ["US"],
    channels: ["Social media"],
    flatFee: "100",
    perSecond: "1",
    termStart: "2027-06-01",
    termEnd: "2027-01-01",
  });
  const end = page.getByLabel("Term ends");
  await expect(end).toHaveAttribute("aria-invalid", "true");
  const errorId = (await end.getAttribute("aria-describedby"))!.split(" ").find((x) => x.endsWith("-error"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toBeVisible();
  await expect(page).toHaveURL(/\/offers\/new$/);
  // Nothing was published.
  await page.goto(`/likeness/${profileId}/offers`);
  await expect(page.getByText("No offers yet")).toBeVisible();
});

test("the request wizard refuses a release that is not a PDF or image", async ({ browser }) => {
  test.setTimeout(120_000);
  // An offer to request against, published with the talent's saved session.
  const talentContext = await browser.newContext({ storageState: process.env.E2E_BAD_INPUT_STATE });
  const tp = await talentContext.newPage();
  const title = `Release check ${uniq()}`;
  await publishOffer(tp, profileId, {
    title,
    categories: ["Advertising"],
    territories: ["US"],
    channels: ["Social media"],
    flatFee: "100",
    perSecond: "1",
  });
  await talentContext.close();

  const studio = await signUpAs(browser, "STUDIO", { name: `Release Studio ${uniq()}` });
  const s = studio.page;
  await s.goto(`/studio/catalog/${profileId}`);
  await s.getByRole("link", { name: `Request a swap under ${title}` }).click();
  await s.getByRole("button", { name: "Continue" }).click();
  await s.getByLabel("Signed release").setInputFiles({
    name: "release.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("MZ\x90\x00 definitely not a pdf, a renamed program"),
  });
  const item = s.locator("li", { hasText: "release.pdf" });
  await expect(item).toContainText("Failed");
  await expect(item).toContainText("its content was checked, not its name");
  // Submitting without footage or release is refused by the policy engine with those reasons.
  await s.getByRole("button", { name: "Continue" }).click();
  await s.getByLabel("Project title").fill("No files attached");
  await s.getByLabel("Intended use").fill("A test of what happens when a studio submits without its footage and release.");
  await s.getByLabel("Use category").selectOption("advertising");
  await s.getByRole("group", { name: "Territories" }).locator('input[value="US"]').check();
  await s.getByRole("group", { name: "Channels" }).getByRole("checkbox", { name: "Social media", exact: true }).check();
  await s.getByLabel("Campaign start").fill(new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10));
  await s.getByLabel("Campaign end").fill(new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10));
  await s.getByLabel("Output length (seconds)").fill("10");
  await s.getByRole("button", { name: "Submit request" }).click();
  const reasons = s.getByRole("list", { name: "Reasons" });
  await expect(reasons).toContainText("Upload the target footage.");
  await expect(reasons).toContainText("Upload a signed release from the person who appears in the target footage.");
});
