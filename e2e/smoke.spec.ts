import { expect, test } from "@playwright/test";

// Proves the harness: the app builds, starts on a fresh database and serves pages.

test("the home page renders", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBeLessThan(400);
  await expect(page.locator("body")).toContainText(/likeness/i);
});

test("the sign-in page is reachable", async ({ page }) => {
  const response = await page.goto("/sign-in");
  expect(response?.status()).toBeLessThan(400);
  await expect(page.getByLabel(/email/i).first()).toBeVisible();
  await expect(page.locator('input[type="password"]').first()).toBeVisible();
});
