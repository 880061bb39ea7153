import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { startWorker } from "@/lib/jobs/start-worker";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { reviewOutput } from "@/lib/orders/review-output";
import { startCheckout } from "@/lib/orders/start-checkout";
import { createLocalProvider, localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { completeRender } from "@/lib/render/complete-render";
import { failRenderForGood } from "@/lib/render/fail-render";
import { initialStages } from "@/lib/render/stages";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createStudioMember,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { deliverStudioWebhook, WebhookDeliveryError } from "./deliver-studio-webhook";
import { ZWebhookPayload, type WebhookPayload } from "./events";
import { verifyWebhookSignature, webhookSignature } from "./signature";
import { getStudioWebhook, listStudioWebhookDeliveries, removeStudioWebhook, setStudioWebhook } from "./studio-webhooks";
import { openWebhookSecret } from "./webhook-secret";

// Studio webhooks on a real PostgreSQL, with a real HTTP receiver on
// 127.0.0.1: only the owner sets the URL (the secret is shown once and stored
// sealed); delivering or failing an order queues one delivery in the same
// transaction (only when a webhook is set); the POST is signed so that the
// studio's check passes; a non-2xx answer is recorded and thrown for the
// queue to retry, and the last attempt fails it for good, audited.

const PAYMENT_SECRET = "webhook-test-payment-secret-0123456789";
const provider = createLocalProvider({ secret: PAYMENT_SECRET, baseUrl: "http://localhost:3000" });

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let answer: { status: number; headers?: Record<string, string> } = { status: 200 };
let server: http.Server;
let receiverUrl: string;

let t: TestDatabase;
let storage: TestStorage;
let owner: Actor, member: Actor, otherStudio: Actor;
let secret: string;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  owner = await createStudio(t.db);
  member = await createStudioMember(t.db, owner);
  otherStudio = await createStudio(t.db);
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answer.status, answer.headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/likeness`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.drop();
  await storage?.cleanup();
});

beforeEach(() => {
  received.length = 0;
  answer = { status: 200 };
});

/** An approved request of the studio on a fresh talent's offer, paid: the order is rendering. */
async function paidOrder(studio: Actor, opts: { reviewOutputs?: boolean } = {}) {
  const talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO", reviewOutputs: opts.reviewOutputs ?? false });
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
  const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
  const { body, signature } = signLocalEvent(
    PAYMENT_SECRET,
    localCheckoutEvent(PAYMENT_SECRET, {
      outcome: "paid",
      sessionId: order.checkoutSessionId!,
      orderId,
      amountMinor: order.amountMinor,
      currency: order.currency,
    }),
  );
  await applyPaymentEvent({ db: t.db, provider: "local", event: provider.parseWebhook(body, signature) });
  const job = await t.db.renderJob.findFirstOrThrow({ where: { orderId } });
  return { orderId, requestId: request.id, talent, renderJobId: job.id };
}

/** What the render worker's last step does, with a made-up rendered file (the registry only needs its hashes and watermark payload). */
async function completeByHand(orderId: string, renderJobId: string) {
  await t.db.renderJob.update({
    where: { id: renderJobId },
    data: { status: "running", workerId: "webhook-test", attempts: 1, startedAt: new Date(), heartbeatAt: new Date() },
  });
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  return completeRender({
    db: t.db,
    renderJobId,
    workerId: "webhook-test",
    orderId,
    marked: {
      payloadHex: hex(8),
      verifyCode: "",
      renderSha256: hex(32),
      outputSha256: hex(32),
      mimeType: "image/png",
      kind: "image" as const,
    },
    blobKey: `outputs/webhook-test-${hex(8)}`,
    byteSize: 1234,
    modelId: "webhook-test",
    inputHashes: [],
    stages: initialStages(),
  });
}

async function deliveriesOf(orderId: string) {
  return t.db.studioWebhookDelivery.findMany({ where: { orderId } });
}

async function webhookJobs(deliveryId: string): Promise<number> {
  const rows = await t.db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'studio-webhook' AND data->>'deliveryId' = ${deliveryId}`;
  return Number(rows[0]!.n);
}

describe("setting the webhook", () => {
  it("is for the studio's owner only; members read it without the secret; other studios cannot see it", async () => {
    const denied = await caught(() => setStudioWebhook({ db: t.db, actor: member, meta: TEST_META, input: { url: receiverUrl } }));
    expect(denied).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect((await caught(() => removeStudioWebhook({ db: t.db, actor: member, meta: TEST_META }))).httpStatus).toBe(403);
    const talent = await createUser(t.db, "TALENT");
    expect(
      (await caught(() => setStudioWebhook({ db: t.db, actor: talent, meta: TEST_META, input: { url: receiverUrl } }))).httpStatus,
    ).toBe(403);
    expect(await t.db.studioWebhook.count()).toBe(0);

    const set = await setStudioWebhook({ db: t.db, actor: owner, meta: TEST_META, input: { url: `  ${receiverUrl}  ` } });
    secret = set.secret;
    expect(set.url).toBe(receiverUrl);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    // Stored sealed with the studio's key: not in clear, and opens to the secret shown.
    const row = await t.db.studioWebhook.findUniqueOrThrow({ where: { studioId: owner.studioId! }, include: { studio: true } });
    expect(Buffer.from(row.sealedSecret).includes(Buffer.from(secret))).toBe(false);
    expect(openWebhookSecret(row.studio, row.sealedSecret)).toBe(secret);

    const seenByMember = await getStudioWebhook({ db: t.db, actor: member });
    expect(seenByMember).toEqual({
      webhook: { id: row.id, url: receiverUrl, createdAt: row.createdAt, updatedAt: row.updatedAt },
      canManage: false,
    });
    expect(JSON.stringify(seenByMember)).not.toContain(secret);
    expect((await getStudioWebhook({ db: t.db, actor: owner })).canManage).toBe(true);
    expect(await getStudioWebhook({ db: t.db, actor: otherStudio })).toEqual({ webhook: null, canManage: true });
    expect(await listStudioWebhookDeliveries({ db: t.db, actor: otherStudio })).toEqual([]);

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "studio_webhook.set", subjectId: row.id } });
    expect(audit.payload).toEqual({ studioId: owner.studioId, origin: new URL(receiverUrl).origin, replaced: false });
    expect(audit.actorUserId).toBe(owner.userId);
  });

  it("refuses a URL that is not https (http only for localhost and 127.0.0.1) with a 422 naming url", async () => {
    for (const url of ["http://hooks.example.com/likeness", "not a url", "", "https://user:pw@hooks.example.com/"]) {
      const refused = await caught(() => setStudioWebhook({ db: t.db, actor: owner, meta: TEST_META, input: { url } }));
      expect(refused).toMatchObject({ code: "VALIDATION", httpStatus: 422 });
      expect(Object.keys(refused.fields)).toEqual(["url"]);
    }
    const plainHttp = await caught(() =>
      setStudioWebhook({ db: t.db, actor: owner, meta: TEST_META, input: { url: "http://hooks.example.com/likeness" } }),
    );
    expect(plainHttp.fields.url).toMatch(/https:\/\/.*localhost or 127\.0\.0\.1/);
    // The webhook set before is untouched.
    expect((await getStudioWebhook({ db: t.db, actor: owner })).webhook?.url).toBe(receiverUrl);
  });
});

describe("order events", () => {
  it("a delivered order queues one delivery, and the POST is signed so that the studio's check passes", async () => {
    const { orderId, requestId, renderJobId } = await paidOrder(owner);
    expect(await deliveriesOf(orderId)).toEqual([]);
    expect((await completeByHand(orderId, renderJobId)).status).toBe("delivered");
    const [delivery, ...more] = await deliveriesOf(orderId);
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ event: "order.delivered", status: "pending", attempts: 0 });
    expect(await webhookJobs(delivery!.id)).toBe(1);

    const result = await deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id });
    expect(result).toMatchObject({ status: "delivered", attempts: 1, statusCode: 200 });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call).toMatchObject({ method: "POST", url: "/hooks/likeness" });
    expect(call!.headers["content-type"]).toBe("application/json");
    expect(call!.headers["likeness-event"]).toBe("order.delivered");
    expect(call!.headers["likeness-delivery"]).toBe(delivery!.id);

    // The studio's side: the raw body, the header, its secret.
    const header = String(call!.headers["likeness-signature"]);
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, body: call!.body, header })).toBe(true);
    expect(verifyWebhookSignature({ secret: "whsec_someone-else", body: call!.body, header })).toBe(false);
    const t0 = Number(/t=(\d+)/.exec(header)![1]);
    expect(header).toBe(`t=${t0},v1=${webhookSignature(secret, call!.body, t0)}`);
    expect(Math.abs(t0 - Date.now() / 1000)).toBeLessThan(60);

    const output = await t.db.renderOutput.findUniqueOrThrow({ where: { orderId } });
    const payload = JSON.parse(call!.body) as WebhookPayload;
    expect(ZWebhookPayload.parse(payload)).toEqual(payload);
    expect(payload).toEqual({
      id: delivery!.id,
      type: "order.delivered",
      createdAt: delivery!.createdAt.toISOString(),
      data: { orderId, requestId, status: "delivered", outputId: output.id, verifyCode: output.verifyCode },
    });

    const done = await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(done).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(done.deliveredAt).toBeInstanceOf(Date);
    const audit = await t.db.auditEvent.findMany({ where: { action: "webhook.delivered" } });
    expect(audit.map((a) => a.payload)).toEqual([
      { deliveryId: delivery!.id, event: "order.delivered", orderId, attempts: 1, statusCode: 200 },
    ]);

    // The queue delivers at least once: a second run of the same job sends nothing.
    expect(await deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id })).toBe("skipped");
    expect(received).toHaveLength(1);
    const listed = await listStudioWebhookDeliveries({ db: t.db, actor: member });
    expect(listed.map((d) => [d.id, d.status, d.attempts, d.lastStatusCode])).toEqual([[delivery!.id, "delivered", 1, 200]]);
  });

  it("a 500 from the receiver is recorded and thrown for a retry; the last attempt fails the delivery for good", async () => {
    const { orderId, renderJobId } = await paidOrder(owner);
    await failRenderForGood({ db: t.db, renderJobId, orderId, error: "the footage has no face" });
    const [delivery] = await deliveriesOf(orderId);
    expect(delivery).toMatchObject({ event: "order.failed", status: "pending" });
    expect(await webhookJobs(delivery!.id)).toBe(1);

    answer = { status: 500 };
    const first = deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id, maxAttempts: 2 });
    await expect(first).rejects.toThrow(WebhookDeliveryError);
    await expect(first).rejects.toThrow(/attempt 1 of 2: The endpoint answered 500/);
    expect(await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "The endpoint answered 500.",
      deliveredAt: null,
    });
    expect(await t.db.auditEvent.count({ where: { action: "webhook.failed" } })).toBe(0);
    const body = JSON.parse(received[0]!.body) as WebhookPayload;
    expect(body).toMatchObject({
      type: "order.failed",
      data: { orderId, status: "failed", error: "The render failed: the footage has no face" },
    });
    expect(body.data.outputId).toBeUndefined();

    await expect(deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id, maxAttempts: 2 })).rejects.toThrow(/attempt 2 of 2/);
    expect(received).toHaveLength(2);
    expect(await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "failed",
      attempts: 2,
      lastStatusCode: 500,
    });
    const failed = await t.db.auditEvent.findMany({ where: { action: "webhook.failed" } });
    expect(failed.map((a) => a.payload)).toEqual([
      { deliveryId: delivery!.id, event: "order.failed", orderId, attempts: 2, statusCode: 500, error: "The endpoint answered 500." },
    ]);
    expect(await deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id })).toBe("skipped");
    expect(received).toHaveLength(2);
  });

  it("queues on the talent's approval (not before), and never follows a redirect", async () => {
    const { orderId, renderJobId, talent } = await paidOrder(owner, { reviewOutputs: true });
    expect((await completeByHand(orderId, renderJobId)).status).toBe("in_review");
    expect(await deliveriesOf(orderId)).toEqual([]);
    await reviewOutput({ db: t.db, actor: talent, meta: TEST_META, input: { orderId, decision: "approve", note: "" } });
    const [delivery] = await deliveriesOf(orderId);
    expect(delivery).toMatchObject({ event: "order.delivered", status: "pending" });

    answer = { status: 302, headers: { Location: `${receiverUrl}/elsewhere` } };
    await expect(deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id })).rejects.toThrow(/302, a redirect/);
    expect(received.map((r) => r.url)).toEqual(["/hooks/likeness"]);
    expect(await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 302,
    });

    // A receiver that is down: recorded as unreachable, thrown for a retry.
    const down = http.createServer();
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    await t.db.studioWebhook.update({ where: { studioId: owner.studioId! }, data: { url: `http://127.0.0.1:${port}/gone` } });
    await expect(deliverStudioWebhook({ db: t.db, deliveryId: delivery!.id })).rejects.toThrow(
      /Could not reach the endpoint \(ECONNREFUSED\)/,
    );
    expect(await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "pending",
      attempts: 2,
      lastStatusCode: null,
    });
    await t.db.studioWebhook.update({ where: { studioId: owner.studioId! }, data: { url: receiverUrl } });
  });

  it("queues nothing for a studio without a webhook, or after the owner removed it; queued events then fail without a call", async () => {
    const other = await paidOrder(otherStudio);
    expect((await completeByHand(other.orderId, other.renderJobId)).status).toBe("delivered");
    expect(await deliveriesOf(other.orderId)).toEqual([]);

    const queued = await paidOrder(owner);
    await failRenderForGood({ db: t.db, renderJobId: queued.renderJobId, orderId: queued.orderId, error: "out of memory" });
    const [pending] = await deliveriesOf(queued.orderId);
    expect(pending?.status).toBe("pending");

    await removeStudioWebhook({ db: t.db, actor: owner, meta: TEST_META });
    expect(await getStudioWebhook({ db: t.db, actor: owner })).toEqual({ webhook: null, canManage: true });
    expect((await caught(() => removeStudioWebhook({ db: t.db, actor: owner, meta: TEST_META }))).httpStatus).toBe(404);
    expect(await t.db.auditEvent.count({ where: { action: "studio_webhook.removed", actorUserId: owner.userId } })).toBe(1);

    const after = await paidOrder(owner);
    await failRenderForGood({ db: t.db, renderJobId: after.renderJobId, orderId: after.orderId, error: "out of memory" });
    expect(await deliveriesOf(after.orderId)).toEqual([]);

    expect(await deliverStudioWebhook({ db: t.db, deliveryId: pending!.id })).toMatchObject({ status: "failed", attempts: 0 });
    expect(received).toEqual([]);
    expect(await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: pending!.id } })).toMatchObject({
      status: "failed",
      lastError: "The webhook was removed before this event was sent.",
    });

    // Setting a URL again makes a new secret and sends again.
    const again = await setStudioWebhook({ db: t.db, actor: owner, meta: TEST_META, input: { url: receiverUrl } });
    expect(again.secret).not.toBe(secret);
    const setEvents = await t.db.auditEvent.findMany({ where: { action: "studio_webhook.set" }, orderBy: { seq: "asc" } });
    expect(setEvents.at(-1)!.payload).toMatchObject({ replaced: false });
  });
});

describe("the worker", () => {
  it("delivers a queued event through the studio-webhook queue", async () => {
    const { secret: current } = await setStudioWebhook({ db: t.db, actor: owner, meta: TEST_META, input: { url: receiverUrl } });
    const { orderId, renderJobId } = await paidOrder(owner);
    await failRenderForGood({ db: t.db, renderJobId, orderId, error: "the footage is too dark" });
    const [delivery] = await deliveriesOf(orderId);
    const worker = await startWorker({
      db: t.db,
      url: t.url,
      queues: ["studio-webhook"],
      log: () => undefined,
      workerId: "webhook-test-worker",
    });
    try {
      const deadline = Date.now() + 30_000;
      while (
        (await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).status === "pending" &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await worker.stop();
    }
    expect(await t.db.studioWebhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
    });
    const call = received.find((r) => r.headers["likeness-delivery"] === delivery!.id);
    expect(verifyWebhookSignature({ secret: current, body: call!.body, header: String(call!.headers["likeness-signature"]) })).toBe(true);
    const jobs = await t.db.$queryRaw<
      { state: string }[]
    >`SELECT state::text FROM pgboss.job WHERE name = 'studio-webhook' AND data->>'deliveryId' = ${delivery!.id}`;
    expect(jobs).toEqual([{ state: "completed" }]);
  });
});
