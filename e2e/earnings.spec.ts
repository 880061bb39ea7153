import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signInAs, signUpAs, uniq } from "./support/app";

// The earnings page and payout setup as people meet them: the demo talent has
// no paid orders yet, a new agent sets up payouts through the local test
// stand-in, and a studio is refused.

test("the demo talent sees no earnings yet, the payouts card, and no orders", async ({ browser }) => {
  const page = await signInAs(browser, "talent@likeness.test", DEMO_PASSWORD);
  await page.getByRole("navigation").getByRole("link", { name: "Earnings" }).first().click();
  await expect(page).toHaveURL(/\/earnings$/);
  await expect(page.getByRole("heading", { name: "Earnings", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No earnings yet" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
  await expect(page.getByText(/your shares are held/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Set up payouts|Continue payout setup/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);

  await page.goto("/inbox/orders");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No orders yet" })).toBeVisible();
  await page.getByLabel("Status").selectOption("in_review");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=in_review/);
  await expect(page.getByRole("heading", { name: "No orders awaiting your review" })).toBeVisible();
});

test("an agent sets up payouts through the labelled test stand-in, and nobody else can open it", async ({ browser }) => {
  const agent = await signUpAs(browser, "AGENT", { name: `Payout Agent ${uniq()}` });
  await agent.page.goto("/earnings");
  await agent.page.getByRole("button", { name: "Set up payouts" }).click();
  await expect(agent.page).toHaveURL(/\/settings\/payouts\/test-onboarding\?account=lacct_/);
  await expect(agent.page.getByText("Test stand-in: no real money, no identity check")).toBeVisible();
  const url = agent.page.url();
  const accountId = new URL(url).searchParams.get("account")!;
  await expect(agent.page.getByText(accountId)).toBeVisible();

  // Another earner opening the same link gets the not-found page.
  const other = await signUpAs(browser, "TALENT", { name: `Other Talent ${uniq()}` });
  const response = await other.page.goto(url);
  expect(response?.status()).toBe(404);
  await expect(other.page.locator("body")).not.toContainText(accountId);

  await agent.page.getByRole("button", { name: "Finish onboarding" }).click();
  await expect(agent.page).toHaveURL(/\/earnings\?payouts=returned$/);
  await expect(agent.page.getByText("Enabled", { exact: true })).toBeVisible();
  await expect(agent.page.getByText(accountId)).toBeVisible();
  await expect(agent.page.getByRole("button", { name: "Set up payouts" })).toHaveCount(0);
});

test("a studio gets the 403 page on /earnings and 403 from the CSV export", async ({ browser }) => {
  const studio = await signUpAs(browser, "STUDIO", { name: `Earnings Studio ${uniq()}` });
  const response = await studio.page.goto("/earnings");
  expect(response?.status()).toBe(403);
  await expect(studio.page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  const csv = await studio.page.request.get("/earnings/export.csv");
  expect(csv.status()).toBe(403);
});

test("the talent's CSV export is a CSV attachment with the header row", async ({ browser }) => {
  const talent = await signUpAs(browser, "TALENT", { name: `Csv Talent ${uniq()}` });
  const res = await talent.page.request.get("/earnings/export.csv");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/csv/);
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="likeness-earnings-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect((await res.text()).split("\r\n")[0]).toBe(
    "date,order,project,studio,talent,status,currency,gross,platform_fee,agent_commission,talent_share,refunds,your_share,paid_out",
  );
});
