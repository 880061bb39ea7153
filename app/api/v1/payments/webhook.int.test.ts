import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { startCheckout } from "@/lib/orders/start-checkout";
import { LOCAL_SIGNATURE_HEADER, localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { paymentProvider } from "@/lib/payments/select-provider";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { POST as webhook } from "./webhook/route";

// The payment webhook route on a real PostgreSQL, called directly with web
// Requests as Next.js calls it, with the local provider paymentProvider()
// selects when Stripe is not configured: a signed "paid" event books the
// payment and queues the render; a redelivery changes nothing; a bad or
// missing signature or an oversized body is refused before anything changes.

const SECRET = "webhook-route-test-secret-0123456789";
const URL_ = "http://localhost/api/v1/payments/webhook";
const saved = { secret: process.env.LIKENESS_LOCAL_PAYMENT_SECRET, stripe: process.env.STRIPE_SECRET_KEY };

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor;

beforeAll(async () => {
  process.env.LIKENESS_LOCAL_PAYMENT_SECRET = SECRET;
  delete process.env.STRIPE_SECRET_KEY;
  storage = await useTestStorage();
  t = await createTestDatabase();
  // db() keeps one client per process on globalThis; point it at this file's database.
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  studio = await createStudio(t.db);
});
afterAll(async () => {
  (globalThis as { likenessDb?: unknown }).likenessDb = undefined;
  if (saved.secret === undefined) delete process.env.LIKENESS_LOCAL_PAYMENT_SECRET;
  else process.env.LIKENESS_LOCAL_PAYMENT_SECRET = saved.secret;
  if (saved.stripe !== undefined) process.env.STRIPE_SECRET_KEY = saved.stripe;
  await t?.drop();
  await storage?.cleanup();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  webhook(new Request(URL_, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }) as NextRequest, {
    params: Promise.resolve({}),
  });

/** An approved request of the studio with an order awaiting payment, and the signed "paid" event for it. */
async function orderAwaitingPayment() {
  const talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider: paymentProvider() });
  const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
  const event = localCheckoutEvent(SECRET, {
    outcome: "paid",
    sessionId: order.checkoutSessionId!,
    orderId,
    amountMinor: order.amountMinor,
    currency: order.currency,
  });
  return { order, event, ...signLocalEvent(SECRET, event) };
}

/** Everything a payment event could change about an order. */
async function snapshot(orderId: string) {
  const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { renderJobs: true, ledger: true } });
  const renderQueue = await t.db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pgboss.job j JOIN "RenderJob" r ON j.data->>'renderJobId' = r.id WHERE j.name = 'render' AND r."orderId" = ${orderId}`;
  return {
    status: order.status,
    paymentStatus: order.paymentStatus,
    paymentRef: order.paymentRef,
    ledger: order.ledger.map((e) => [e.kind, e.amountMinor]),
    renderJobs: order.renderJobs.map((j) => j.status),
    queued: Number(renderQueue[0]!.n),
    events: await t.db.paymentEvent.count({ where: { orderId } }),
    audit: await t.db.auditEvent.count({ where: { subjectId: orderId } }),
  };
}

describe("POST /api/v1/payments/webhook", () => {
  it("books a correctly signed paid event: the order is paid, charged once and its render queued", async () => {
    const { order, event, body, signature } = await orderAwaitingPayment();
    const res = await post(body, { [LOCAL_SIGNATURE_HEADER]: signature });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false });
    expect(await snapshot(order.id)).toMatchObject({
      status: "rendering",
      paymentStatus: "paid",
      paymentRef: event.type === "checkout.paid" ? event.paymentRef : null,
      ledger: [["charge", order.amountMinor]],
      renderJobs: ["queued"],
      queued: 1,
      events: 1,
    });
  });

  it("answers a redelivered event with duplicate: true and changes nothing (one charge, one render)", async () => {
    const { order, body, signature } = await orderAwaitingPayment();
    expect((await post(body, { [LOCAL_SIGNATURE_HEADER]: signature })).status).toBe(200);
    const after = await snapshot(order.id);
    const again = await post(body, { [LOCAL_SIGNATURE_HEADER]: signature });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await snapshot(order.id)).toEqual(after);
    expect(after).toMatchObject({ ledger: [["charge", order.amountMinor]], renderJobs: ["queued"], queued: 1 });
  });

  it("refuses a tampered body with 400 naming the signature, and changes nothing", async () => {
    const { order, body, signature } = await orderAwaitingPayment();
    const before = await snapshot(order.id);
    const tampered = body.replace(`"amountMinor":${order.amountMinor}`, `"amountMinor":1`);
    expect(tampered).not.toBe(body);
    const res = await post(tampered, { [LOCAL_SIGNATURE_HEADER]: signature });
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "The local payment signature does not match the body" });
    expect(error.fields).toEqual({ [LOCAL_SIGNATURE_HEADER]: error.message });
    expect(await snapshot(order.id)).toEqual(before);
    expect(before).toMatchObject({ status: "awaiting_payment", paymentStatus: "unpaid", ledger: [], renderJobs: [], queued: 0, events: 0 });
  });

  it("refuses a missing or malformed signature with 400 naming the header, and changes nothing", async () => {
    const { order, body, signature } = await orderAwaitingPayment();
    const before = await snapshot(order.id);
    const missing = await post(body);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({
      code: "BAD_REQUEST",
      message: `The ${LOCAL_SIGNATURE_HEADER} header is missing`,
      fields: { [LOCAL_SIGNATURE_HEADER]: `The ${LOCAL_SIGNATURE_HEADER} header is missing` },
    });
    const garbage = await post(body, { [LOCAL_SIGNATURE_HEADER]: "not-a-signature" });
    expect(garbage.status).toBe(400);
    // A signature made with another secret is as good as none.
    const forged = signLocalEvent("someone-elses-secret-0123456789", JSON.parse(body));
    expect((await post(forged.body, { [LOCAL_SIGNATURE_HEADER]: forged.signature })).status).toBe(400);
    expect(await snapshot(order.id)).toEqual(before);
    // The genuine event still works afterwards.
    expect((await post(body, { [LOCAL_SIGNATURE_HEADER]: signature })).status).toBe(200);
  });

  it("refuses bodies over 1 MB with 413, by Content-Length and by what arrives", async () => {
    const { order, signature } = await orderAwaitingPayment();
    const before = await snapshot(order.id);
    const big = JSON.stringify({ padding: "x".repeat(1024 * 1024) });
    const declared = await webhook(
      new Request(URL_, {
        method: "POST",
        body: "{}",
        headers: { "content-length": String(2 * 1024 * 1024), [LOCAL_SIGNATURE_HEADER]: signature },
      }) as NextRequest,
      { params: Promise.resolve({}) },
    );
    expect(declared.status).toBe(413);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const undeclared = await webhook(
      new Request(URL_, {
        method: "POST",
        body: streamed,
        headers: { [LOCAL_SIGNATURE_HEADER]: signature },
        duplex: "half",
      } as RequestInit) as NextRequest,
      { params: Promise.resolve({}) },
    );
    expect(undeclared.status).toBe(413);
    expect((await undeclared.json()).error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      fields: { body: expect.stringMatching(/larger than/) },
    });
    expect(await snapshot(order.id)).toEqual(before);
  });
});
