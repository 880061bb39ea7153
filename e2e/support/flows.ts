import { expect, type Page } from "@playwright/test";
import { day, jpeg, mp4, pdf } from "./app";
import { dbTask } from "./server-env";

// Multi-step flows that several specs click through the same way.

/** From the talent's (or estate's) home: create the profile; lands on its consent page. Returns the profile id. */
export async function createProfile(page: Page, opts: { displayName: string; bio?: string; diedOn?: string }): Promise<string> {
  await page.goto("/likeness/new");
  await page.getByLabel(opts.diedOn ? "Name of the late talent" : "Display name").fill(opts.displayName);
  if (opts.diedOn) await page.getByLabel("Date of death").fill(opts.diedOn);
  if (opts.bio) await page.getByLabel("Short bio").fill(opts.bio);
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page).toHaveURL(/\/likeness\/[^/]+\/consent$/, { timeout: 20_000 });
  return page.url().split("/likeness/")[1]!.split("/")[0]!;
}

/** On the consent page: choose uses, read the document, type the legal name and sign. */
export async function signConsent(page: Page, opts: { scopes: string[]; legalName: string; expectInText?: string }) {
  await expect(page.getByRole("heading", { name: /^Consent for / })).toBeVisible();
  for (const scope of opts.scopes) {
    await page.getByRole("checkbox", { name: scope, exact: true }).check();
  }
  const doc = page.getByRole("article", { name: "Consent document" });
  await expect(doc).toBeVisible();
  // The server rebuilt the text for these uses: every chosen use is named in it.
  for (const scope of opts.scopes) await expect(doc).toContainText(scope);
  if (opts.expectInText) await expect(doc).toContainText(opts.expectInText);
  await doc.scrollIntoViewIfNeeded();
  await expect(page.getByTestId("consent-sha256")).toHaveText(/^[0-9a-f]{64}$/);
  await page.getByLabel("Full legal name").fill(opts.legalName);
  await page.getByRole("checkbox", { name: /I have read this consent document in full/ }).check();
  const sign = page.getByRole("button", { name: "Sign consent" });
  await expect(sign).toBeEnabled();
  await sign.click();
  await expect(page).toHaveURL(/\/likeness\/[^/?]+\?signed=1/, { timeout: 20_000 });
}

export type OfferSpec = {
  title: string;
  categories: string[];
  /** ISO codes or WW. */
  territories: string[];
  channels: string[];
  flatFee: string;
  perSecond: string;
  termEnd?: string;
  termStart?: string;
};

/**
 * Fills and submits the publish-offer form (manual approval). First opens the
 * profile's gates before licensing below the browser (usable photos; an
 * estate's approved proof: e2e/support/db-task.ts make-licensable) unless
 * `openGates: false` (e2e/estate-authority.spec.ts walks them in the pages).
 */
export async function fillOffer(page: Page, profileId: string, o: OfferSpec, opts: { openGates?: boolean } = {}) {
  if (opts.openGates !== false) await dbTask("make-licensable", { profileId });
  await page.goto(`/likeness/${profileId}/offers/new`);
  await page.getByLabel("Offer title").fill(o.title);
  const cats = page.getByRole("group", { name: "Allowed use categories" });
  for (const c of o.categories) await cats.getByRole("checkbox", { name: c, exact: true }).check();
  const terr = page.getByRole("group", { name: "Territories" });
  for (const t of o.territories) await terr.locator(`input[type=checkbox][value="${t}"]`).check();
  const ch = page.getByRole("group", { name: "Channels" });
  for (const c of o.channels) await ch.getByRole("checkbox", { name: c, exact: true }).check();
  if (o.termStart) await page.getByLabel("Term starts").fill(o.termStart);
  if (o.termEnd) await page.getByLabel("Term ends").fill(o.termEnd);
  await page.getByLabel("Flat fee").fill(o.flatFee);
  await page.getByLabel("Price per output second").fill(o.perSecond);
  await expect(page.getByRole("radio", { name: /^Manual approval/ })).toBeChecked();
  await page.getByRole("button", { name: "Publish offer" }).click();
}

export async function publishOffer(page: Page, profileId: string, o: OfferSpec, opts: { openGates?: boolean } = {}) {
  await fillOffer(page, profileId, o, opts);
  await expect(page).toHaveURL(/\/offers\?published=1/, { timeout: 20_000 });
  await expect(page.getByRole("listitem", { name: o.title })).toContainText("Active");
}

export type RequestSpec = {
  title: string;
  intendedUse: string;
  category: string;
  territories: string[];
  channels: string[];
  seconds: number;
  footage?: "mp4" | "jpeg";
};

/** Opens the wizard for an offer (from the talent's catalog page) and submits a request; returns the request id. */
export async function submitRequest(page: Page, offerTitle: string, r: RequestSpec): Promise<string> {
  await page.getByRole("link", { name: `Request a swap under ${offerTitle}` }).click();
  await expect(page.getByRole("heading", { name: "Request a swap" })).toBeVisible();
  // Step 1: target footage, uploaded as soon as it is chosen.
  const footage =
    r.footage === "jpeg"
      ? { name: "target-still.jpg", mimeType: "image/jpeg", buffer: await jpeg(9, 320, 240) }
      : { name: "target-shot.mp4", mimeType: "video/mp4", buffer: mp4() };
  await page.getByLabel("Target footage").setInputFiles(footage);
  await expect(page.getByText("Uploaded").first()).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Continue" }).click();
  // Step 2: the release of the person in the footage.
  await expect(page.getByRole("heading", { name: "Step 2: Release" })).toBeVisible();
  await page.getByLabel("Signed release").setInputFiles({ name: "performer-release.pdf", mimeType: "application/pdf", buffer: pdf() });
  await expect(page.locator("li", { hasText: "performer-release.pdf" })).toContainText("Uploaded", { timeout: 20_000 });
  await page.getByRole("button", { name: "Continue" }).click();
  // Step 3: the use.
  await expect(page.getByRole("heading", { name: "Step 3: Intended use and terms" })).toBeVisible();
  await page.getByLabel("Project title").fill(r.title);
  await page.getByLabel("Intended use").fill(r.intendedUse);
  await page.getByLabel("Use category").selectOption(r.category);
  const terr = page.getByRole("group", { name: "Territories" });
  for (const t of r.territories) await terr.locator(`input[type=checkbox][value="${t}"]`).check();
  const ch = page.getByRole("group", { name: "Channels" });
  for (const c of r.channels) await ch.getByRole("checkbox", { name: c, exact: true }).check();
  await page.getByLabel("Campaign start").fill(day(7));
  await page.getByLabel("Campaign end").fill(day(60));
  await page.getByLabel("Output length (seconds)").fill(String(r.seconds));
  await expect(page.getByTestId("price-quote")).toBeVisible();
  await page.getByRole("button", { name: "Submit request" }).click();
  const view = page.getByRole("link", { name: "View request" });
  await expect(view).toBeVisible({ timeout: 20_000 });
  const href = await view.getAttribute("href");
  return href!.split("/").at(-1)!;
}
