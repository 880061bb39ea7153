import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { startCheckout } from "@/lib/orders/start-checkout";
import { markRenderedFile } from "@/lib/outputs/mark-rendered-file";
import { createLocalProvider, localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { localPaymentSecret } from "@/lib/payments/select-provider";
import { completeRender } from "@/lib/render/complete-render";
import { newBlobKey, putSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  makeJpeg,
  publishTestOffer,
  representTalent,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// The talent side's server code on a real PostgreSQL, as Next.js calls it, with
// the signed-in person stubbed (getServerSession needs a request): the review
// file route, the review action, the CSV export, and the payout actions with
// the local provider. Rendering is skipped: a marked still stands in for the
// render, registered with completeRender as the worker registers it.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_lib/actor", async () => {
  const { AppError } = await import("@/lib/errors");
  const check = (roles?: readonly string[]) => {
    if (!session.actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    if (roles && !roles.includes(session.actor.role)) throw new AppError("FORBIDDEN", "Your account's role does not allow this.");
    return session.actor;
  };
  return {
    requireSessionActor: async (roles?: readonly string[]) => check(roles),
    requireActor: async (roles?: readonly string[]) => check(roles),
    requestMeta: async () => ({ ip: "203.0.113.7", userAgent: "vitest" }),
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { GET: reviewFile } = await import("@/app/api/orders/[orderId]/review/[which]/route");
const { reviewOutputAction } = await import("@/app/(roles)/inbox/orders/[orderId]/actions");
const { GET: exportCsv } = await import("./export.csv/route");
const { refreshPayoutAccountAction, startPayoutOnboardingAction } = await import("./actions");
const { finishTestOnboardingAction } = await import("@/app/settings/payouts/test-onboarding/actions");

const SECRET = "talent-side-test-secret-0123456789";
const saved = { secret: process.env.LIKENESS_LOCAL_PAYMENT_SECRET, stripe: process.env.STRIPE_SECRET_KEY, url: process.env.NEXTAUTH_URL };

let t: TestDatabase;
let storage: TestStorage;
let tmp: string;
let studio: Actor;

beforeAll(async () => {
  process.env.LIKENESS_LOCAL_PAYMENT_SECRET = SECRET;
  process.env.NEXTAUTH_URL = "http://localhost:3000";
  delete process.env.STRIPE_SECRET_KEY;
  storage = await useTestStorage();
  t = await createTestDatabase();
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  tmp = await mkdtemp(path.join(os.tmpdir(), "likeness-talent-side-"));
  studio = await createStudio(t.db);
});
afterAll(async () => {
  (globalThis as { likenessDb?: unknown }).likenessDb = undefined;
  for (const [key, value] of [
    ["LIKENESS_LOCAL_PAYMENT_SECRET", saved.secret],
    ["STRIPE_SECRET_KEY", saved.stripe],
    ["NEXTAUTH_URL", saved.url],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await t?.drop();
  await storage?.cleanup();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const as = (actor: Actor | null) => {
  session.actor = actor;
};

/** A paid order on an offer that reviews each output, its render registered (a marked still): the order waits for the talent's review. */
async function orderInReview() {
  const talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO", reviewOutputs: true });
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  const provider = createLocalProvider({ secret: localPaymentSecret(), baseUrl: "http://localhost:3000" });
  const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
  const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
  const paid = signLocalEvent(
    SECRET,
    localCheckoutEvent(SECRET, {
      outcome: "paid",
      sessionId: order.checkoutSessionId!,
      orderId,
      amountMinor: order.amountMinor,
      currency: order.currency,
    }),
  );
  await applyPaymentEvent({ db: t.db, provider: "local", event: provider.parseWebhook(paid.body, paid.signature) });

  // As a worker: claim the queued render, mark the rendered still, store it sealed, register it.
  const job = await t.db.renderJob.findFirstOrThrow({ where: { orderId } });
  await t.db.renderJob.update({
    where: { id: job.id },
    data: { status: "running", workerId: "test-worker", attempts: 1, startedAt: new Date() },
  });
  const input = path.join(tmp, `${orderId}-render.png`);
  await writeFile(
    input,
    await sharp(await makeJpeg(512, 512, 92))
      .png()
      .toBuffer(),
  );
  const output = path.join(tmp, `${orderId}-delivered.png`);
  const marked = await markRenderedFile({ inputPath: input, outputPath: output, disclosureText: offer.disclosureText });
  const bytes = await readFile(output);
  const account = await t.db.studioAccount.findUniqueOrThrow({ where: { id: studio.studioId! } });
  const blobKey = newBlobKey("outputs");
  await putSealedBlob(blobKey, unwrapKey(masterKey(), Buffer.from(account.wrappedDataKey)), bytes);
  const done = await completeRender({
    db: t.db,
    renderJobId: job.id,
    workerId: "test-worker",
    orderId,
    marked,
    blobKey,
    byteSize: bytes.length,
    modelId: "test-model",
    inputHashes: [],
  });
  expect(done.status).toBe("in_review");
  return { talent, profile, orderId, bytes, verifyCode: marked.verifyCode };
}

const fetchFile = (orderId: string, which: string, headers: Record<string, string> = {}) =>
  reviewFile(new Request(`http://localhost/api/orders/${orderId}/review/${which}`, { headers }) as NextRequest, {
    params: Promise.resolve({ orderId, which }),
  });

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

/** The redirect a server action threw (Next's NEXT_REDIRECT error carries the URL in its digest). */
async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    const digest = String((err as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2]!;
    throw err;
  }
  throw new Error("expected a redirect");
}

describe("review files: GET /api/orders/[orderId]/review/{output,footage}", () => {
  it("serves the output and the footage to the talent, privately, with byte ranges", async () => {
    const { talent, orderId, bytes } = await orderInReview();
    as(talent);
    const res = await fetchFile(orderId, "output");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("private, no-store, max-age=0");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await fetchFile(orderId, "output", { range: "bytes=0-99" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
    const tail = await fetchFile(orderId, "output", { range: "bytes=-10" });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await fetchFile(orderId, "output", { range: `bytes=${bytes.length}-` })).status).toBe(416);

    const footage = await fetchFile(orderId, "footage");
    expect(footage.status).toBe(200);
    expect(footage.headers.get("content-type")).toBe("image/jpeg");
    expect(footage.headers.get("cache-control")).toBe("private, no-store, max-age=0");
  });

  it("answers 404 to the studio and to other talent, 401 signed out, and names a bad 'which'", async () => {
    const { talent, orderId } = await orderInReview();
    as(studio);
    expect((await fetchFile(orderId, "output")).status).toBe(403);
    as(await createUser(t.db, "TALENT"));
    const other = await fetchFile(orderId, "output");
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe("NOT_FOUND");
    as(null);
    expect((await fetchFile(orderId, "footage")).status).toBe(401);
    as(talent);
    const bad = await fetchFile(orderId, "manifest");
    expect(bad.status).toBe(404);
    expect((await bad.json()).error.fields).toHaveProperty("which");
  });

  it("serves the representing agent too", async () => {
    const { talent, orderId } = await orderInReview();
    const agent = await createUser(t.db, "AGENT");
    await representTalent(t.db, agent, talent);
    as(agent);
    expect((await fetchFile(orderId, "output")).status).toBe(200);
  });
});

describe("the review action", () => {
  it("refuses a rejection without a note, naming the field, and changes nothing", async () => {
    const { talent, orderId } = await orderInReview();
    as(talent);
    const result = await reviewOutputAction(null, form({ orderId, decision: "reject", note: "" }));
    expect(result).toMatchObject({ ok: false, fields: { note: "Tell the studio what is wrong with the output" } });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("in_review");
  });

  it("approves: the order is delivered with the note, and the output still served for the record", async () => {
    const { talent, orderId, verifyCode } = await orderInReview();
    as(talent);
    const result = await reviewOutputAction(null, form({ orderId, decision: "approve", note: "Looks great" }));
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/approved/) });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { output: true } });
    expect(order).toMatchObject({ status: "delivered", reviewNote: "Looks great", reviewedById: talent.userId });
    expect(order.output).toMatchObject({ verifyCode, revokedAt: null });
    expect((await fetchFile(orderId, "output")).status).toBe(200);
  });

  it("rejects with a note: the output is revoked and no longer served", async () => {
    const { talent, orderId } = await orderInReview();
    as(talent);
    const result = await reviewOutputAction(null, form({ orderId, decision: "reject", note: "The face is blurred in the second scene" }));
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/rejected/) });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "review_rejected", reviewNote: "The face is blurred in the second scene" });
    expect((await fetchFile(orderId, "output")).status).toBe(404);
  });

  it("refuses another talent (404) and a studio (403)", async () => {
    const { orderId } = await orderInReview();
    as(await createUser(t.db, "TALENT"));
    expect(await reviewOutputAction(null, form({ orderId, decision: "approve", note: "" }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not found/),
    });
    as(studio);
    expect(await reviewOutputAction(null, form({ orderId, decision: "approve", note: "" }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/role/),
    });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("in_review");
  });
});

describe("earnings CSV and payouts", () => {
  it("exports the talent's delivered order as a CSV attachment; a studio gets 403", async () => {
    const { talent, orderId } = await orderInReview();
    as(talent);
    await reviewOutputAction(null, form({ orderId, decision: "approve", note: "" }));
    const res = await exportCsv(new Request("http://localhost/earnings/export.csv") as NextRequest, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="likeness-earnings-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const cells = lines[1]!.split(",");
    expect(cells[1]).toBe(orderId);
    expect(cells[5]).toBe("delivered");
    expect(cells[7]).toBe((order.amountMinor / 100).toFixed(2));
    expect(cells[13]).toBe("no");
    as(studio);
    expect(
      (await exportCsv(new Request("http://localhost/earnings/export.csv") as NextRequest, { params: Promise.resolve({}) })).status,
    ).toBe(403);
  });

  it("sets up payouts: the action redirects to the test onboarding, finishing it enables payouts and queues the held share", async () => {
    const { talent, orderId } = await orderInReview();
    as(talent);
    await reviewOutputAction(null, form({ orderId, decision: "approve", note: "" }));
    const url = await redirectOf(() => startPayoutOnboardingAction(null, new FormData()));
    const account = await t.db.payoutAccount.findUniqueOrThrow({ where: { userId: talent.userId } });
    expect(url).toBe(`http://localhost:3000/settings/payouts/test-onboarding?account=${account.accountId}`);
    // A second click reuses the account.
    expect(await redirectOf(() => startPayoutOnboardingAction(null, new FormData()))).toBe(url);
    expect(await t.db.auditEvent.count({ where: { action: "payout_account.created", subjectId: talent.userId } })).toBe(1);

    // Someone else cannot finish it.
    const other = await createUser(t.db, "TALENT");
    as(other);
    expect(await finishTestOnboardingAction(null, form({ accountId: account.accountId }))).toMatchObject({
      ok: false,
      message: "Payout account was not found",
    });
    expect((await t.db.payoutAccount.findUniqueOrThrow({ where: { userId: talent.userId } })).payoutsEnabled).toBe(false);

    as(talent);
    expect(await redirectOf(() => finishTestOnboardingAction(null, form({ accountId: account.accountId })))).toBe(
      "/earnings?payouts=returned",
    );
    expect((await t.db.payoutAccount.findUniqueOrThrow({ where: { userId: talent.userId } })).payoutsEnabled).toBe(true);
    const jobs = await t.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'payout' AND data->>'orderId' = ${orderId}`;
    expect(Number(jobs[0]!.n)).toBe(2); // the delivery's, and the one for the share held until now
    expect(await refreshPayoutAccountAction(null, new FormData())).toEqual({ ok: true, message: "Payouts are enabled." });
  });

  it("refuses the payout actions to a studio", async () => {
    as(studio);
    expect(await startPayoutOnboardingAction(null, new FormData())).toMatchObject({ ok: false, message: expect.stringMatching(/role/) });
    expect(await refreshPayoutAccountAction(null, new FormData())).toMatchObject({ ok: false, message: expect.stringMatching(/role/) });
    expect(await t.db.payoutAccount.count({ where: { userId: studio.userId } })).toBe(0);
  });
});
