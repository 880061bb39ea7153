import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { formatMoney } from "@/lib/format/money";
import { signInAs, uniq } from "./support/app";
import { serverEnv } from "./support/server-env";

// The studio's side of an order, in Chromium against the e2e server: pay for
// an approved request on the local test-payment page (no STRIPE_SECRET_KEY
// there), land on the order page with its render panel, and see that nobody
// from another studio can open the order, its API or its checkout.

type Setup = {
  requestId: string;
  title: string;
  priceMinor: number;
  currency: string;
  studioName: string;
  studioEmail: string;
  otherEmail: string;
  password: string;
};

const ROOT = path.resolve(import.meta.dirname, "..");

/** e2e/support/order-setup.ts against the server's database: an approved request of a fresh studio, and another studio. */
async function setUpApprovedRequest(): Promise<Setup> {
  const { stdout } = await promisify(execFile)(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [path.join(ROOT, "e2e", "support", "order-setup.ts"), JSON.stringify({ tag: uniq() })],
    {
      cwd: ROOT,
      env: { ...process.env, ...serverEnv(), NODE_ENV: "production" },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Setup;
}

test("a studio pays for an approved request on the test-payment page and follows its order; another studio gets 404", async ({
  browser,
}) => {
  // The render may wait its turn: at the server's start the worker trains the demo talent's base model
  // (seeded with analysed photos since the gates before licensing), and renders take turns with it.
  test.setTimeout(300_000);
  const s = await setUpApprovedRequest();
  const price = formatMoney(s.priceMinor, s.currency);
  const studio = await signInAs(browser, s.studioEmail, s.password);

  let checkoutUrl = "";
  await test.step("the approved request offers a one-time payment of its quoted price", async () => {
    await studio.goto(`/studio/requests/${s.requestId}`);
    await expect(studio.getByRole("heading", { name: s.title })).toBeVisible();
    const pay = studio.getByRole("form", { name: "Pay for this swap" });
    await expect(pay).toContainText(`A one-time payment of ${price}`);
    await expect(pay).toContainText("The render starts as soon as the payment is confirmed.");
    await pay.getByRole("button", { name: `Pay ${price}` }).click();
    await expect(studio).toHaveURL(/\/pay\/test\/lcs_[0-9a-f]{24}$/);
    checkoutUrl = new URL(studio.url()).pathname;
  });

  await test.step("the test-payment page is labelled as such and cancelling goes back without charging", async () => {
    await expect(studio.getByText("Test payment — no real money moves")).toBeVisible();
    await expect(studio.getByRole("heading", { name: `Amount due: ${price}` })).toBeVisible();
    await expect(studio.locator("main")).toContainText(s.title);
    await expect(studio.locator("main")).toContainText(s.studioName);
    await studio.getByRole("link", { name: "Cancel payment" }).click();
    await expect(studio).toHaveURL(new RegExp(`/studio/requests/${s.requestId}\\?payment=cancelled$`));
    await expect(studio.getByRole("status").filter({ hasText: "Payment cancelled" })).toContainText("Nothing was charged.");
    // Paying again reopens the same checkout session.
    await studio.getByRole("button", { name: `Pay ${price}` }).click();
    await expect(studio).toHaveURL(new RegExp(`${checkoutUrl}$`));
  });

  let orderId = "";
  await test.step("paying lands on the order page with the render panel", async () => {
    await studio
      .getByRole("form", { name: "Confirm the test payment" })
      .getByRole("button", { name: `Pay ${price}` })
      .click();
    await expect(studio).toHaveURL(/\/studio\/orders\/[^/?]+(\?paid=1)?$/);
    orderId = new URL(studio.url()).pathname.split("/").at(-1)!;
    await expect(studio.getByRole("heading", { name: s.title, level: 1 })).toBeVisible();
    await expect(studio.getByLabel("Order status")).toContainText("Paid");
    const overall = studio.getByRole("progressbar", { name: "Overall render progress" });
    await expect(overall).toBeVisible();
    const now = Number(await overall.getAttribute("aria-valuenow"));
    expect(now).toBeGreaterThanOrEqual(0);
    expect(now).toBeLessThanOrEqual(100);
    const stages = studio.getByRole("list", { name: "Render stages" });
    await expect(stages.getByRole("listitem")).toHaveCount(8);
    await expect(stages.getByRole("progressbar", { name: "Train the model progress" })).toHaveAttribute("aria-valuenow", /^\d+$/);
    // The request page now shows the order instead of the Pay button.
    const request = await studio.context().newPage();
    await request.goto(`/studio/requests/${s.requestId}`);
    await expect(request.getByRole("link", { name: "View order" })).toHaveAttribute("href", `/studio/orders/${orderId}`);
    await expect(request.getByRole("button", { name: `Pay ${price}` })).toHaveCount(0);
    // The paid checkout no longer asks for money: it forwards to the order.
    await request.goto(checkoutUrl);
    await expect(request).toHaveURL(new RegExp(`/studio/orders/${orderId}$`));
    await request.close();
  });

  await test.step("the panel follows the render on the server: this talent has no photos, so it fails and the payment is refunded", async () => {
    // No reload: the panel polls the order and the page moves on by itself.
    const failed = studio.getByRole("alert").filter({ hasText: "The render failed" });
    await expect(failed).toContainText("no usable photos", { timeout: 240_000 });
    await expect(failed).toContainText(/Your payment of .+ (has been|will be) refunded/);
    await expect(studio.getByRole("progressbar", { name: "Overall render progress" })).toBeVisible();
    await expect(studio.getByTestId("render-attempts")).toHaveText("Attempt 1 of 3");
    // The same state after a reload: it lives on the server.
    await studio.reload();
    await expect(studio.getByLabel("Order status")).toContainText("Failed");
    await studio.goto("/studio/orders");
    await expect(studio.getByRole("row", { name: new RegExp(s.title) })).toContainText("Failed");
  });

  await test.step("another studio's member gets 404 for the order page, its API, its preview and its checkout", async () => {
    const other = await signInAs(browser, s.otherEmail, s.password);
    const page = await other.goto(`/studio/orders/${orderId}`);
    expect(page?.status()).toBe(404);
    await expect(other.getByRole("heading", { name: "We could not find that page" })).toBeVisible();
    await expect(other.locator("body")).not.toContainText(s.title);
    const api = await other.request.get(`/api/v1/orders/${orderId}`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain(s.title);
    expect((await other.request.get(`/api/v1/orders/${orderId}/preview`)).status()).toBe(404);
    expect((await other.goto(checkoutUrl))?.status()).toBe(404);
    // The owner's own session reads the same API, and a visitor without one is refused.
    const own = await studio.request.get(`/api/v1/orders/${orderId}`);
    expect(own.status()).toBe(200);
    expect(await own.json()).toMatchObject({ id: orderId, requestTitle: s.title, status: "failed", amountMinor: s.priceMinor });
    const anonymous = await (
      await browser.newContext({ storageState: { cookies: [], origins: [] } })
    ).request.get(`/api/v1/orders/${orderId}`);
    expect(anonymous.status()).toBe(401);
  });
});
