import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./fake-stripe-server";

// The fake's own contract, checked with plain HTTP: what the payment tests
// rely on when they use it through the SDK.

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake.close());

const KEY = "sk_test_fake";

function post(path: string, form: Record<string, string>, idempotencyKey?: string, key = KEY) {
  return fetch(`http://${fake.host}:${fake.port}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/x-www-form-urlencoded",
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

const sessionForm = {
  mode: "payment",
  "line_items[0][price_data][currency]": "usd",
  "line_items[0][price_data][unit_amount]": "500",
  "metadata[orderId]": "ord_fake",
  success_url: "https://example.com/ok",
};

describe("fake Stripe server", () => {
  it("answers a checkout session with Stripe's shape and records the decoded form fields and idempotency key", async () => {
    const res = await post("/v1/checkout/sessions", sessionForm, "key-1");
    const session = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(session).toMatchObject({
      object: "checkout.session",
      amount_total: 500,
      currency: "usd",
      metadata: { orderId: "ord_fake" },
      payment_status: "unpaid",
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(fake.requests.at(-1)).toEqual({ method: "POST", path: "/v1/checkout/sessions", body: sessionForm, idempotencyKey: "key-1" });
  });

  it("replays the first response for a repeated Idempotency-Key and refuses the key with different parameters", async () => {
    const first = await (await post("/v1/checkout/sessions", sessionForm, "key-replay")).json();
    const replay = await post("/v1/checkout/sessions", sessionForm, "key-replay");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(first);
    expect(fake.sessions.size).toBe(2);

    const changed = await post("/v1/checkout/sessions", { ...sessionForm, "line_items[0][price_data][unit_amount]": "600" }, "key-replay");
    expect(changed.status).toBe(400);
    expect(await changed.json()).toMatchObject({ error: { type: "idempotency_error" } });
  });

  it("answers unknown paths with a Stripe-shaped 404 and a missing API key with 401", async () => {
    const unknown = await post("/v1/nothing_here", {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { type: "invalid_request_error", message: expect.stringContaining("Unrecognized request URL (POST: /v1/nothing_here)") },
    });

    const unauthorized = await post("/v1/refunds", {}, undefined, "wrong");
    expect(unauthorized.status).toBe(401);
  });

  it("signs events so that the SDK's constructEvent accepts them", async () => {
    const session = (await (await post("/v1/checkout/sessions", sessionForm)).json()) as { id: string };
    const event = fake.completedSessionEvent(session.id);
    const { body, header } = fake.signed(event, "whsec_fake");
    const verified = Stripe.webhooks.constructEvent(body, header, "whsec_fake");
    expect(verified).toMatchObject({ type: "checkout.session.completed", data: { object: { id: session.id, payment_status: "paid" } } });
    expect(() => Stripe.webhooks.constructEvent(body, header, "whsec_other")).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });
});
