import { expect, test } from "@playwright/test";
import { signUpAs, uniq } from "./support/app";
import { createProfile, publishOffer, signConsent, submitRequest } from "./support/flows";

// Role and ownership checks as a person meets them in the browser.

test("a studio user opening a talent page gets the 403 page", async ({ browser }) => {
  const studio = await signUpAs(browser, "STUDIO", { name: `Nosy Studio ${uniq()}` });
  const response = await studio.page.goto("/talent");
  expect(response?.status()).toBe(403);
  await expect(studio.page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
});

test("a signed-out visitor opening a signed-in page is sent to sign in", async ({ page }) => {
  await page.goto("/studio/catalog");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fstudio%2Fcatalog/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto("/admin/audit");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Faudit/);
});

test("another studio cannot open a studio's request (404)", async ({ browser }) => {
  test.setTimeout(150_000);
  const id = uniq();
  const talent = await signUpAs(browser, "TALENT", { name: `Pia Private ${id}` });
  const profileId = await createProfile(talent.page, { displayName: talent.name });
  await signConsent(talent.page, { scopes: ["Advertising"], legalName: talent.name });
  await publishOffer(talent.page, profileId, {
    title: `Ads ${id}`,
    categories: ["Advertising"],
    territories: ["US"],
    channels: ["Social media"],
    flatFee: "100",
    perSecond: "1",
  });
  const owner = await signUpAs(browser, "STUDIO", { name: `Owner ${id}` });
  await owner.page.goto(`/studio/catalog/${profileId}`);
  const requestId = await submitRequest(owner.page, `Ads ${id}`, {
    title: `Secret campaign ${id}`,
    intendedUse: "A confidential social campaign for a product launch, the talent's face on our presenter in one studio scene.",
    category: "advertising",
    territories: ["US"],
    channels: ["Social media"],
    seconds: 20,
    footage: "jpeg",
  });
  await owner.page.goto(`/studio/requests/${requestId}`);
  await expect(owner.page.getByRole("heading", { name: `Secret campaign ${id}` })).toBeVisible();

  const other = await signUpAs(browser, "STUDIO", { name: `Rival ${id}` });
  const response = await other.page.goto(`/studio/requests/${requestId}`);
  // The not-found page with a real 404, as for an id that does not exist (the
  // loading skeletons sit below the detail pages, so nothing streams before
  // the ownership check).
  expect(response?.status()).toBe(404);
  await expect(other.page.getByRole("heading", { name: "We could not find that page" })).toBeVisible();
  await expect(other.page.locator("body")).not.toContainText(`Secret campaign ${id}`);
  // Nor through the API.
  const api = await other.page.request.get(`/api/v1/requests/${requestId}`);
  expect([401, 404]).toContain(api.status());
  expect(await api.text()).not.toContain(`Secret campaign ${id}`);
});
