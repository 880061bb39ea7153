import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZApiOrderDetail } from "@/lib/api/types";
import type { Actor } from "@/lib/auth/actor";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { startCheckout } from "@/lib/orders/start-checkout";
import { markRenderedFile } from "@/lib/outputs/mark-rendered-file";
import { localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { localPaymentSecret, paymentProvider } from "@/lib/payments/select-provider";
import { completeRender } from "@/lib/render/complete-render";
import { RENDER_STAGES } from "@/lib/render/stages";
import { newBlobKey, putSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { createApiKey } from "@/lib/studios/api-keys";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  makeJpeg,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { GET as download } from "./downloads/[token]/route";
import { GET as getOrder } from "./orders/[id]/route";
import { GET as getPreview } from "./orders/[id]/preview/route";
import { GET as listOrders } from "./orders/route";
import { POST as downloadLink } from "./outputs/[id]/download-link/route";

// The order endpoints on a real PostgreSQL, called directly with web Requests
// as Next.js calls them, authenticated with studio API keys: a paid order as
// its studio sees it (and another studio's 404), then an output delivered by
// hand the way the render worker delivers it, downloaded through its signed
// link, and refused with 410 once its license is revoked.

const BASE = "http://localhost/api/v1";
const saved = { secret: process.env.LIKENESS_LOCAL_PAYMENT_SECRET, stripe: process.env.STRIPE_SECRET_KEY };

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor;
let talent: Actor;
let keyA: string;
let keyB: string;
let orderId: string;
let offerId: string;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (handler: unknown, url: string, opts: { key?: string; method?: string; params?: Record<string, string> } = {}) => {
  const headers = new Headers();
  if (opts.key) headers.set("authorization", `Bearer ${opts.key}`);
  return (handler as Handler)(new Request(url, { method: opts.method ?? "GET", headers }) as NextRequest, {
    params: Promise.resolve(opts.params ?? {}),
  });
};

beforeAll(async () => {
  process.env.LIKENESS_LOCAL_PAYMENT_SECRET = "orders-api-test-secret-0123456789";
  delete process.env.STRIPE_SECRET_KEY;
  storage = await useTestStorage();
  t = await createTestDatabase();
  // db() keeps one client per process on globalThis; point it at this file's database.
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  studio = await createStudio(t.db);
  const other = await createStudio(t.db);
  keyA = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "orders test" } })).token;
  keyB = (await createApiKey({ db: t.db, actor: other, meta: TEST_META, input: { name: "other studio" } })).token;
  talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  offerId = offer.id;
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  // Paid as the test-payment page pays: a signed local event through the provider boundary.
  const checkout = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
  orderId = checkout.orderId;
  const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
  const secret = localPaymentSecret();
  const signed = signLocalEvent(
    secret,
    localCheckoutEvent(secret, {
      outcome: "paid",
      sessionId: order.checkoutSessionId!,
      orderId,
      amountMinor: order.amountMinor,
      currency: order.currency,
    }),
  );
  await applyPaymentEvent({ db: t.db, provider: "local", event: paymentProvider().parseWebhook(signed.body, signed.signature) });
});

afterAll(async () => {
  (globalThis as { likenessDb?: unknown }).likenessDb = undefined;
  if (saved.secret === undefined) delete process.env.LIKENESS_LOCAL_PAYMENT_SECRET;
  else process.env.LIKENESS_LOCAL_PAYMENT_SECRET = saved.secret;
  if (saved.stripe !== undefined) process.env.STRIPE_SECRET_KEY = saved.stripe;
  await t?.drop();
  await storage?.cleanup();
});

/** What the render worker does on success, by hand: claim the job, watermark a rendered PNG, store it sealed, complete. */
async function deliverByHand() {
  const job = await t.db.renderJob.findFirstOrThrow({ where: { orderId } });
  await t.db.renderJob.update({
    where: { id: job.id },
    data: { status: "running", workerId: "api-test", attempts: 1, startedAt: new Date(), heartbeatAt: new Date() },
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-orders-api-"));
  try {
    const input = path.join(dir, "swapped.png");
    await writeFile(
      input,
      await sharp(await makeJpeg(512, 512, 92))
        .png()
        .toBuffer(),
    );
    const output = path.join(dir, "delivered.png");
    const marked = await markRenderedFile({ inputPath: input, outputPath: output, disclosureText: "Face digitally altered with consent" });
    const studioRow = await t.db.studioAccount.findUniqueOrThrow({ where: { id: studio.studioId! } });
    const blobKey = newBlobKey("outputs");
    const bytes = await sharp(output).toBuffer();
    await putSealedBlob(blobKey, unwrapKey(masterKey(), Buffer.from(studioRow.wrappedDataKey)), bytes);
    return await completeRender({
      db: t.db,
      renderJobId: job.id,
      workerId: "api-test",
      orderId,
      marked,
      blobKey,
      byteSize: (await stat(output)).size,
      modelId: "api-test",
      inputHashes: [],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("orders API", () => {
  it("lists the studio's orders and nobody else's", async () => {
    const mine = await call(listOrders, `${BASE}/orders?limit=5`, { key: keyA });
    expect(mine.status).toBe(200);
    const page = (await mine.json()) as { items: Array<{ id: string; status: string; paymentStatus: string }>; nextCursor: string | null };
    expect(page.items).toEqual([expect.objectContaining({ id: orderId, status: "rendering", paymentStatus: "paid" })]);
    expect(page.nextCursor).toBeNull();
    const theirs = await call(listOrders, `${BASE}/orders`, { key: keyB });
    expect(((await theirs.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await call(listOrders, `${BASE}/orders`, { key: "lk_000000000000_notarealkeynotarealkey" })).status).toBe(401);
    expect((await call(listOrders, `${BASE}/orders?limit=0`, { key: keyA })).status).toBe(422);
  });

  it("answers a paid order with its queued render as documented, uncached, and 404 to another studio", async () => {
    const res = await call(getOrder, `${BASE}/orders/${orderId}`, { key: keyA, params: { id: orderId } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = ZApiOrderDetail.parse(await res.json());
    expect(body).toMatchObject({ id: orderId, status: "rendering", paymentStatus: "paid", output: null, ledger: [{ kind: "charge" }] });
    expect(body.render).toMatchObject({ number: 1, status: "queued", attempts: 0, maxAttempts: 3, previewUrl: null, error: null });
    expect(body.render!.stages.map((s) => s.stage)).toEqual([...RENDER_STAGES]);
    expect(body.render!.stages[0]!.label).toBe("Prepare inputs");

    const theirs = await call(getOrder, `${BASE}/orders/${orderId}`, { key: keyB, params: { id: orderId } });
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain(orderId);
    // No frame yet: 404 as JSON, for the owner too.
    const preview = await call(getPreview, `${BASE}/orders/${orderId}/preview`, { key: keyA, params: { id: orderId } });
    expect(preview.status).toBe(404);
    expect((await call(getPreview, `${BASE}/orders/${orderId}/preview`, { key: keyB, params: { id: orderId } })).status).toBe(404);
  });

  it("downloads a delivered output through a signed link, and answers 410 once it is revoked", async () => {
    const delivered = await deliverByHand();
    expect(delivered.status).toBe("delivered");

    const detail = ZApiOrderDetail.parse(
      await (await call(getOrder, `${BASE}/orders/${orderId}`, { key: keyA, params: { id: orderId } })).json(),
    );
    expect(detail.status).toBe("delivered");
    expect(detail.output).toMatchObject({ id: delivered.outputId, mimeType: "image/png", revokedAt: null });
    expect(detail.output!.verifyCode).toBe((await t.db.renderOutput.findUniqueOrThrow({ where: { id: delivered.outputId } })).verifyCode);

    expect(
      (
        await call(downloadLink, `${BASE}/outputs/${delivered.outputId}/download-link`, {
          key: keyB,
          method: "POST",
          params: { id: delivered.outputId },
        })
      ).status,
    ).toBe(404);
    const linkRes = await call(downloadLink, `${BASE}/outputs/${delivered.outputId}/download-link`, {
      key: keyA,
      method: "POST",
      params: { id: delivered.outputId },
    });
    expect(linkRes.status).toBe(201);
    const link = (await linkRes.json()) as { url: string; expiresAt: string };
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const token = link.url.split("/downloads/")[1]!;

    // The link is the credential: no API key.
    const file = await call(download, link.url, { params: { token } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="likeness-${detail.output!.verifyCode}.png"`);
    expect(file.headers.get("cache-control")).toBe("private, no-store");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(await t.db.auditEvent.count({ where: { action: "download.completed", subjectId: delivered.outputId } })).toBe(1);

    const forged = await call(download, `${BASE}/downloads/${token.split(".")[0]}.AAAA`, {
      params: { token: `${token.split(".")[0]}.AAAA` },
    });
    expect(forged.status).toBe(403);

    await revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId, reason: "The talent ended this license" } });
    const gone = await call(download, link.url, { params: { token } });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "GONE",
      message: expect.stringContaining("revoked"),
    });
    expect(
      (
        await call(downloadLink, `${BASE}/outputs/${delivered.outputId}/download-link`, {
          key: keyA,
          method: "POST",
          params: { id: delivered.outputId },
        })
      ).status,
    ).toBe(410);
    const after = ZApiOrderDetail.parse(
      await (await call(getOrder, `${BASE}/orders/${orderId}`, { key: keyA, params: { id: orderId } })).json(),
    );
    expect(after.output!.revokedAt).not.toBeNull();
    expect(after.output!.revokedReason).toBeTruthy();
  });
});
