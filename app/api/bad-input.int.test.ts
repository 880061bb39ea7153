import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import fc from "fast-check";
import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/studios/api-keys";
import {
  createAdmin,
  createProfileWithConsent,
  createStudio,
  createUser,
  makeJpeg,
  makePdf,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { codePointLength, isWellFormed } from "@/lib/validation/text";

// Issue 11: bad input is a 4xx naming the field, never a 500. fast-check throws
// arbitrary strings (NUL, lone surrogates, control characters, emoji across
// the length limits, huge strings) and arbitrary files at every server action
// and route handler that takes user input, on the real PostgreSQL, and requires
// success or a 4xx (a JSON error naming the field when the input was at fault),
// with no row and no blob left behind by a refused call.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/app/_lib/actor", async () => {
  const { AppError } = await import("@/lib/errors");
  const { TEST_META } = await import("@/lib/testing/builders");
  const current = () => {
    if (!session.actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    return session.actor;
  };
  return {
    getActor: async () => session.actor,
    requireActor: async () => current(),
    requireSessionActor: async () => current(),
    requestMeta: async () => TEST_META,
  };
});

// Imported after the mocks (vi.mock is hoisted above these).
const actions = {
  signUp: (await import("@/app/(auth)/sign-up/actions")).signUpAction,
  createProfile: (await import("@/app/(roles)/likeness/new/actions")).createProfileAction,
  signConsent: (await import("@/app/(roles)/likeness/[profileId]/consent/actions")).signConsentAction,
  previewConsent: (await import("@/app/(roles)/likeness/[profileId]/consent/actions")).previewConsentAction,
  revokeConsent: (await import("@/app/(roles)/likeness/[profileId]/actions")).revokeConsentAction,
  offers: await import("@/app/(roles)/likeness/[profileId]/offers/actions"),
  photos: await import("@/app/(roles)/likeness/[profileId]/photos/actions"),
  submitRequest: (await import("@/app/(roles)/studio/requests/new/actions")).submitSwapRequest,
  studioRequest: await import("@/app/(roles)/studio/requests/[id]/actions"),
  studioOrder: await import("@/app/(roles)/studio/orders/[id]/actions"),
  decideRequest: (await import("@/app/(roles)/inbox/[requestId]/actions")).decideRequestAction,
  reviewOutput: (await import("@/app/(roles)/inbox/orders/[orderId]/actions")).reviewOutputAction,
  roster: await import("@/app/(roles)/agent/roster/actions"),
  representation: await import("@/app/(roles)/talent/representation/actions"),
  apiKeys: await import("@/app/(roles)/studio/api-keys/actions"),
  members: await import("@/app/(roles)/studio/members/actions"),
  adminUsers: await import("@/app/(roles)/admin/users/actions"),
  webhooks: (await import("@/app/(roles)/studio/webhooks/actions")).setWebhook,
  decideReview: (await import("@/app/(roles)/admin/review/actions")).decideReviewItemAction,
  payTest: (await import("@/app/pay/test/[sessionId]/actions")).payTestCheckout,
  startVerification: (await import("@/app/(roles)/likeness/[profileId]/verify/actions")).startVerificationAction,
  finishTestOnboarding: (await import("@/app/settings/payouts/test-onboarding/actions")).finishTestOnboardingAction,
};
const routes = {
  requests: await import("@/app/api/v1/requests/route"),
  request: await import("@/app/api/v1/requests/[id]/route"),
  withdraw: await import("@/app/api/v1/requests/[id]/withdraw/route"),
  performer: await import("@/app/api/v1/requests/[id]/performer/route"),
  offers: await import("@/app/api/v1/offers/route"),
  talent: await import("@/app/api/v1/talent/[id]/route"),
  orders: await import("@/app/api/v1/orders/route"),
  order: await import("@/app/api/v1/orders/[id]/route"),
  preview: await import("@/app/api/v1/orders/[id]/preview/route"),
  downloadLink: await import("@/app/api/v1/outputs/[id]/download-link/route"),
  download: await import("@/app/api/v1/downloads/[token]/route"),
  uploads: await import("@/app/api/v1/uploads/route"),
  performers: await import("@/app/api/v1/uploads/[id]/performers/route"),
  thumbnail: await import("@/app/api/v1/uploads/[id]/performers/[performerId]/thumbnail/route"),
  verify: await import("@/app/api/v1/verify/route"),
  webhook: await import("@/app/api/v1/payments/webhook/route"),
  studioUploads: await import("@/app/api/studio-uploads/route"),
  likenessAssets: await import("@/app/api/likeness-assets/route"),
  likenessAsset: await import("@/app/api/likeness-assets/[id]/route"),
  estateAuthority: await import("@/app/api/estate-authority/route"),
  portrait: await import("@/app/api/catalog/portraits/[profileId]/route"),
  reviewFile: await import("@/app/api/orders/[orderId]/review/[which]/route"),
  adminUser: await import("@/app/api/admin/users/[userId]/route"),
};
const { UNEXPECTED_MESSAGE } = await import("@/app/_lib/action-result");

// ---------------------------------------------------------------------------
// Inputs

const EMOJI = "\u{1F600}";
/** Strings that broke something once, or sit on a limit: NUL, lone surrogates, emoji across a cut. */
const edgeStrings = [
  "",
  " ",
  "\0",
  "a\0b",
  "\uD800",
  "ab\uDFFF",
  `${"a".repeat(119)}${EMOJI}`,
  `${"a".repeat(199)}${EMOJI}`,
  EMOJI.repeat(130),
  "e\u0301".repeat(60),
  "line\r\nbreak\ttab",
  "\u0007\u001b[31m\u009f",
  "\u202Egnp.exe",
  "x".repeat(70_000),
];
const nasty: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...edgeStrings),
  fc.string({ unit: "binary", maxLength: 260 }),
  fc.string({ unit: "grapheme", maxLength: 260 }),
  fc
    .tuple(
      fc.string({ unit: "grapheme-ascii", minLength: 3, maxLength: 40 }),
      fc.constantFrom("\0", "\uD83D", "\uDE00", "\u0001"),
      fc.nat(40),
    )
    .map(([s, bad, at]) => s.slice(0, at) + bad + s.slice(at)),
);
/** Either a value that passes or a nasty one. */
const or = (...valid: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 1 }, { arbitrary: nasty, weight: 2 });

/**
 * A form's valid values with up to two of them swapped for nasty strings, so
 * that each nasty value gets as far as the others let it (the database
 * included), and a draw with none swapped succeeds. `nastyAlways` fields are
 * always nasty.
 */
function inputs(valid: Record<string, string | fc.Arbitrary<string>>, nastyAlways: string[] = []): fc.Arbitrary<Record<string, string>> {
  const keys = Object.keys(valid);
  return fc.subarray(keys, { maxLength: Math.min(2, keys.length) }).chain((bad) => {
    const fields: Record<string, fc.Arbitrary<string>> = {};
    for (const k of keys) {
      const v = valid[k]!;
      fields[k] = bad.includes(k) ? nasty : typeof v === "string" ? fc.constant(v) : v;
    }
    for (const k of nastyAlways) fields[k] = nasty;
    return fc.record(fields);
  });
}
const uniqueEmail = fc.uuid().map((u) => `u-${u}@example.test`);

let jpeg: Buffer;
const pdf = makePdf();
const fileName = fc.oneof(
  nasty,
  fc.constantFrom(`${"a".repeat(199)}${EMOJI}.jpg`, `${EMOJI.repeat(150)}.pdf`, "photo.jpg", "release.pdf", "../../etc/passwd"),
);
const fileBytes = (): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.constant(jpeg),
    fc.constant(pdf),
    fc.nat(jpeg.length).map((n) => jpeg.subarray(0, n)),
    fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
  );

// ---------------------------------------------------------------------------
// Fixture and the checks

const API = "http://localhost/api/v1";
let t: TestDatabase;
let storage: TestStorage;
let key: string;
let talent: Actor;
let studio: Actor;
let agent: Actor;
/** A talent without a profile yet (the first valid createProfile succeeds). */
let newcomer: Actor;
let admin: Actor;
let estate: Actor;
let profileId: string;
let estateProfileId: string;
let revocableProfileId: string;
let revoker: Actor;
let offerId: string;
let requestId: string;
let targetUploadId: string;
let releaseUploadId: string;
const NUM_RUNS = Number(process.env.BAD_INPUT_RUNS ?? 20);

/** The shared rate limiter's table: it counts every call, refused or not. */
const COUNTED_ON_EVERY_CALL = new Set(["RateLimitWindow"]);
let countSql = "";

/** Row counts of every table of ours (schema public: pg-boss keeps its queue apart). */
async function rowCounts(): Promise<Record<string, number>> {
  if (!countSql) {
    const tables = await t.db.$queryRaw<
      { name: string }[]
    >`SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`;
    countSql = tables
      .filter((r) => !COUNTED_ON_EVERY_CALL.has(r.name))
      .map((r) => `SELECT '${r.name}' AS name, count(*)::int AS n FROM "${r.name}"`)
      .join(" UNION ALL ");
  }
  const rows = await t.db.$queryRawUnsafe<{ name: string; n: number }[]>(countSql);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

async function stagedTempFiles(): Promise<number> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith("likeness-upload-")).length;
}

type Outcome = { ok: true } | { ok: false; status: number; code?: string; message: string; fields: Record<string, string> };

type Snapshot = { rows: Record<string, number>; blobs: number; temp: number };
const snapshot = async (): Promise<Snapshot> => ({
  rows: await rowCounts(),
  blobs: (await storage.files()).length,
  temp: await stagedTempFiles(),
});
/** The state after the last call of the running property: the next call's "before" (nothing else writes in between). */
let lastState: Snapshot | null = null;

/** What a refused call must leave: the same rows, blobs and temp files as before. */
async function expectNothingLeftBehind<T>(call: () => Promise<Outcome>, what: string, input: T): Promise<boolean> {
  const before = lastState ?? (await snapshot());
  lastState = null;
  const outcome = await call();
  const after = await snapshot();
  // A refused upload's staged folder is removed as the request fails, which can finish just after the answer
  // (seen once: one folder a few milliseconds late; the same as upload-form.int.test.ts): give it up to 5 s.
  for (let waited = 0; !outcome.ok && after.temp > before.temp && waited < 5_000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    after.temp = await stagedTempFiles();
  }
  lastState = after;
  if (outcome.ok) return true;
  const context = `${what} ${JSON.stringify(input, (_k, v: unknown) => (typeof v === "string" && v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v))} -> ${JSON.stringify(outcome)}`;
  expect(outcome.status, context).toBeGreaterThanOrEqual(400);
  expect(outcome.status, context).toBeLessThan(500);
  expect(outcome.message, context).not.toBe(UNEXPECTED_MESSAGE);
  // The input was at fault: the answer names a field.
  if ([400, 413, 415, 422].includes(outcome.status)) expect(Object.keys(outcome.fields).length, context).toBeGreaterThan(0);
  expect(after.rows, `${context}: rows left behind`).toEqual(before.rows);
  expect(after.blobs, `${context}: blobs left behind`).toBe(before.blobs);
  expect(after.temp, `${context}: temp files left behind`).toBe(before.temp);
  return false;
}

const NEXT_STATUS: Record<string, number> = {
  NEXT_REDIRECT: 303,
  "NEXT_HTTP_ERROR_FALLBACK;404": 404,
  "NEXT_HTTP_ERROR_FALLBACK;403": 403,
};
const STATUS_OF_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 422,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  GONE: 410,
};

/** A server action's result as an outcome: its redirect, notFound() and forbidden() count as answers too. */
async function runAction(
  as: Actor | null,
  fn: () => Promise<{ ok: boolean; message?: string; fields?: Record<string, string> }>,
): Promise<Outcome> {
  session.actor = as;
  try {
    const r = await fn();
    if (r.ok) return { ok: true };
    const fields = r.fields ?? {};
    const status = r.message === UNEXPECTED_MESSAGE ? 500 : Object.keys(fields).length > 0 ? 422 : 409;
    return { ok: false, status, message: r.message ?? "", fields };
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? "";
    const status = Object.entries(NEXT_STATUS).find(([d]) => digest.startsWith(d))?.[1];
    if (status === 303) return { ok: true };
    if (status) return { ok: false, status, message: digest, fields: { _: digest } };
    const code = (err as { code?: string }).code;
    if (code && STATUS_OF_CODE[code])
      return { ok: false, status: STATUS_OF_CODE[code], message: String((err as Error).message), fields: {} };
    throw err;
  }
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const h = (fn: unknown) => fn as Handler;

async function callRoute(
  as: Actor | null,
  handler: unknown,
  init: { url: string; method?: string; body?: BodyInit; headers?: Record<string, string>; params?: Record<string, string>; key?: boolean },
): Promise<Outcome> {
  session.actor = as;
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${key}`);
  const res = await h(handler)(new Request(init.url, { method: init.method ?? "GET", headers, body: init.body }) as NextRequest, {
    params: Promise.resolve(init.params ?? {}),
  });
  if (res.status < 400) {
    await res.arrayBuffer();
    return { ok: true };
  }
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
  return { ok: false, status: res.status, code: body.error.code, message: body.error.message, fields: body.error.fields };
}

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

/** A multipart body written by hand, so a file name reaches the server byte for byte (FormData would escape it). */
function rawMultipart(fields: Record<string, string>, file: { field: string; name: string; bytes: Buffer; type: string } | null) {
  const boundary = `----likeness${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    const name = file.name.replace(/["\r\n]/g, "_");
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** Some calls got all the way through: the valid values are valid, so the nasty ones were tested past validation. */
const succeeds = async (successes: Promise<number>) => expect(await successes).toBeGreaterThan(0);

/** Runs the property; answers how many calls succeeded (a check whose valid inputs never get through tests nothing past validation). */
async function check<T>(arb: fc.Arbitrary<T>, what: string, call: (v: T) => Promise<Outcome>, numRuns = NUM_RUNS): Promise<number> {
  let successes = 0;
  lastState = null;
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      if (await expectNothingLeftBehind(() => call(v), what, v)) successes++;
    }),
    { numRuns },
  );
  return successes;
}

/** The same inputs for several calls, each checked on its own (a success of one must not hide another's leftovers). */
async function checkEach<T>(arb: fc.Arbitrary<T>, calls: [string, (v: T) => Promise<Outcome>][], numRuns = NUM_RUNS) {
  let successes = 0;
  for (const [what, call] of calls) successes += await check(arb, what, call, numRuns);
  return successes;
}

beforeAll(async () => {
  t = await createTestDatabase();
  storage = await useTestStorage();
  process.env.DATABASE_URL = t.url;
  // Every sign-up here comes from one address; the limit per address is tested in lib/users.
  process.env.LIKENESS_SIGN_UPS_PER_HOUR = "100000";
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  jpeg = await makeJpeg(320, 240);

  talent = await createUser(t.db, "TALENT");
  agent = await createUser(t.db, "AGENT");
  estate = await createUser(t.db, "ESTATE");
  admin = await createAdmin(t.db);
  studio = await createStudio(t.db);
  const main = await createProfileWithConsent(t.db, talent);
  profileId = main.profile.id;
  revoker = await createUser(t.db, "TALENT");
  revocableProfileId = (await createProfileWithConsent(t.db, revoker)).profile.id;
  newcomer = await createUser(t.db, "TALENT");
  estateProfileId = (await createProfileWithConsent(t.db, estate, { sign: false })).profile.id;
  offerId = (await publishTestOffer(t.db, talent, profileId)).id;
  const submitted = await submitTestRequest(t.db, studio, offerId);
  requestId = submitted.request.id;
  targetUploadId = submitted.request.targetUploadId ?? "";
  releaseUploadId = submitted.request.releaseUploadId ?? "";
  key = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "bad input" } })).token;
}, 180_000);

afterAll(async () => {
  session.actor = null;
  await t?.drop();
  await storage?.cleanup();
});

// ---------------------------------------------------------------------------
// Server actions

describe("server actions answer arbitrary text with success or a 4xx naming the field", () => {
  it("sign-up", () =>
    succeeds(
      check(
        inputs({
          role: fc.constantFrom("TALENT", "STUDIO"),
          name: `${"a".repeat(119)}${EMOJI}`,
          email: uniqueEmail,
          password: "correct horse battery",
          studioName: "Studio North",
        }),
        "signUpAction",
        (v) => runAction(null, () => actions.signUp(null, form(v))),
      ),
    ));

  it("a new likeness profile", () =>
    succeeds(
      check(inputs({ displayName: "Tia Talent", bio: "Actor.\r\nRunner." }), "createProfileAction", (v) =>
        runAction(newcomer, () => actions.createProfile(null, form(v))),
      ),
    ));

  it("consent: preview and sign", async () => {
    await check(inputs({ profileId, expiresAt: day(300) }), "previewConsentAction", (v) =>
      runAction(talent, () =>
        actions.previewConsent({ profileId: v.profileId ?? "", expiresAt: v.expiresAt ?? "", scopes: ["advertising"] }),
      ),
    );
    await check(
      inputs({ profileId, scopes: "advertising", expiresAt: day(300), legalName: "Tia Talent", textSha256: "0".repeat(64), agree: "on" }),
      "signConsentAction",
      (v) => runAction(talent, () => actions.signConsent(null, form(v))),
    );
  });

  it("publishing an offer", () =>
    succeeds(
      check(
        inputs({
          profileId,
          title: `Online ads ${"e".repeat(108)}${EMOJI}`,
          description: "Short ads.\r\nNo politics.",
          disclosureText: "AI-generated likeness, licensed",
          territories: fc.constantFrom("FR", "WW"),
          flatFee: "1500.00",
          perSecond: "0",
          termStart: day(0),
          termEnd: day(200),
        }),
        "publishOfferAction",
        (v) =>
          runAction(talent, () =>
            actions.offers.publishOfferAction(
              null,
              form({
                ...v,
                allowedCategories: "advertising",
                channels: "social",
                maxRenders: "3",
                maxOutputSeconds: "60",
                currency: "USD",
                approvalMode: "MANUAL",
              }),
            ),
          ),
      ),
    ));

  it("a swap request", () =>
    succeeds(
      check(
        inputs({
          offerId,
          title: "Spring campaign",
          intendedUse: "A 30-second ad.\r\nTwo scenes.",
          territories: "FR",
          targetUploadId,
          releaseUploadId,
        }),
        "submitSwapRequest",
        (v) =>
          runAction(studio, () =>
            actions.submitRequest(
              null,
              form({ ...v, category: "advertising", channels: "social", campaignStart: day(2), campaignEnd: day(30), outputSeconds: "30" }),
            ),
          ),
      ),
    ));

  it("deciding a request, reviewing an output", async () => {
    await check(inputs({ requestId, decision: "reject", note: "Not for this brand." }), "decideRequestAction", (v) =>
      runAction(talent, () => actions.decideRequest(null, form(v))),
    );
    await check(fc.record({ orderId: nasty, decision: or("reject"), note: nasty }), "reviewOutputAction", (v) =>
      runAction(talent, () => actions.reviewOutput(null, form(v))),
    );
  });

  it("studio actions that name a record", async () => {
    await checkEach(fc.record({ requestId: nasty, performerId: nasty }), [
      ["withdrawSwapRequest", (v) => runAction(studio, () => actions.studioRequest.withdrawSwapRequest(null, form(v)))],
      ["payForRequest", (v) => runAction(studio, () => actions.studioRequest.payForRequest(null, form(v)))],
      ["choosePerformerAction", (v) => runAction(studio, () => actions.studioRequest.choosePerformerAction(null, form(v)))],
      [
        "choosePerformerAction (a real request)",
        (v) => runAction(studio, () => actions.studioRequest.choosePerformerAction(null, form({ ...v, requestId }))),
      ],
    ]);
    await checkEach(fc.record({ outputId: nasty, orderId: nasty, choice: or("refund") }), [
      ["requestDownloadLink", (v) => runAction(studio, () => actions.studioOrder.requestDownloadLink(null, form(v)))],
      ["chooseAfterRejectedOutput", (v) => runAction(studio, () => actions.studioOrder.chooseAfterRejectedOutput(null, form(v)))],
    ]);
    await checkEach(inputs({ name: "Back office" }, ["keyId"]), [
      ["revokeStudioApiKey", (v) => runAction(studio, () => actions.apiKeys.revokeStudioApiKey(null, form(v)))],
      ["createStudioApiKey", (v) => runAction(studio, () => actions.apiKeys.createStudioApiKey(null, form(v)))],
    ]);
    await check(nasty, "addMember", (email) => runAction(studio, () => actions.members.addMember(null, form({ email }))));
    await checkEach(nasty, [
      ["withdrawInvitation", (invitationId) => runAction(studio, () => actions.members.withdrawInvitation(null, form({ invitationId })))],
      ["acceptInvitation", (invitationId) => runAction(studio, () => actions.members.acceptInvitation(null, form({ invitationId })))],
    ]);
    await check(
      fc.oneof(
        nasty,
        nasty.map((s) => `https://example.com/${s}`),
      ),
      "setWebhook",
      (url) => runAction(studio, () => actions.webhooks(null, form({ url }))),
    );
    await check(nasty, "payTestCheckout", (sessionId) => runAction(studio, () => actions.payTest(null, form({ sessionId }))));
    await check(nasty, "finishTestOnboardingAction", (accountId) =>
      runAction(talent, () => actions.finishTestOnboarding(null, form({ accountId }))),
    );
  });

  it("representation", async () => {
    await check(inputs({ email: talent.email, commissionPercent: "10" }), "inviteTalentAction", (v) =>
      runAction(agent, () => actions.roster.inviteTalentAction(null, form(v))),
    );
    await checkEach(fc.record({ representationId: nasty, answer: or("accept") }), [
      ["agent endRepresentationAction", (v) => runAction(agent, () => actions.roster.endRepresentationAction(null, form(v)))],
      ["respondAction", (v) => runAction(talent, () => actions.representation.respondAction(null, form(v)))],
      ["talent endRepresentationAction", (v) => runAction(talent, () => actions.representation.endRepresentationAction(null, form(v)))],
    ]);
  });

  it("photos, verification and admin review", async () => {
    await check(nasty, "startVerificationAction", (v) => runAction(talent, () => actions.startVerification(null, form({ profileId: v }))));
    await checkEach(fc.record({ assetId: nasty, profileId: or(profileId) }), [
      ["deletePhotoAction", (v) => runAction(talent, () => actions.photos.deletePhotoAction(null, form(v)))],
      ["retryAnalysisAction", (v) => runAction(talent, () => actions.photos.retryAnalysisAction(null, form(v)))],
    ]);
    await check(
      fc.record({ kind: or("estate_authority"), id: nasty, decision: or("reject"), reason: nasty }),
      "decideReviewItemAction",
      (v) => runAction(admin, () => actions.decideReview(null, form(v))),
    );
    await check(fc.record({ userId: nasty, disabled: or("true") }), "setAccountDisabledAction", (v) =>
      runAction(admin, () => actions.adminUsers.setAccountDisabledAction(null, form(v))),
    );
    const someone = await createUser(t.db, "TALENT");
    await check(
      fc.record({
        userId: or(someone.userId),
        body: fc
          .record({ disabled: fc.oneof(fc.boolean(), nasty), reason: nasty }, { requiredKeys: ["disabled"] })
          .map((b) => JSON.stringify(b)),
      }),
      "PATCH /api/admin/users/{userId}",
      (v) =>
        callRoute(admin, routes.adminUser.PATCH, {
          url: "http://localhost/api/admin/users/x",
          method: "PATCH",
          params: { userId: v.userId },
          body: v.body,
          headers: { "content-type": "application/json" },
        }),
    );
  });

  // Last: a success revokes for good (later calls answer 409, still a 4xx).
  it("revoking an offer and a consent", async () => {
    await check(inputs({ offerId, reason: "Retiring this offer.", profileId }), "revokeOfferAction", (v) =>
      runAction(talent, () => actions.offers.revokeOfferAction(null, form(v))),
    );
    await check(inputs({ profileId: revocableProfileId, reason: "I am done with this." }), "revokeConsentAction", (v) =>
      runAction(revoker, () => actions.revokeConsent(null, form(v))),
    );
  });
});

// ---------------------------------------------------------------------------
// Route handlers

describe("route handlers answer arbitrary input with success or a 4xx JSON error naming the field", () => {
  it("path segments and query strings", async () => {
    const byId: [string, unknown, string, Actor | null, Record<string, string>?][] = [
      ["GET requests/{id}", routes.request.GET, "id", null],
      ["POST requests/{id}/withdraw", routes.withdraw.POST, "id", null],
      ["GET talent/{id}", routes.talent.GET, "id", null],
      ["GET orders/{id}", routes.order.GET, "id", null],
      ["GET orders/{id}/preview", routes.preview.GET, "id", null],
      ["POST outputs/{id}/download-link", routes.downloadLink.POST, "id", null],
      ["GET downloads/{token}", routes.download.GET, "token", null],
      ["GET uploads/{id}/performers", routes.performers.GET, "id", null],
      ["GET uploads/{id}/performers/{performerId}/thumbnail", routes.thumbnail.GET, "performerId", null, { id: targetUploadId }],
      ["GET likeness-assets/{id}", routes.likenessAsset.GET, "id", talent],
      ["GET catalog/portraits/{profileId}", routes.portrait.GET, "profileId", studio],
      ["GET orders/{orderId}/review/{which}", routes.reviewFile.GET, "orderId", talent, { which: "output" }],
    ];
    await checkEach(
      nasty,
      byId.map(([what, handler, param, as, extra]) => [
        what,
        (segment: string) =>
          callRoute(as, handler, { url: `${API}/x`, method: what.split(" ")[0], key: as === null, params: { ...extra, [param]: segment } }),
      ]),
      // Twelve routes that all pass the segment through the same check in route(): fewer runs each.
      Math.ceil(NUM_RUNS / 2),
    );
    const query = fc
      .record({ q: nasty, territory: nasty, cursor: nasty, status: nasty }, { requiredKeys: [] })
      .map((q) => new URLSearchParams(q).toString());
    await checkEach(query, [
      ["GET offers?…", (search) => callRoute(null, routes.offers.GET, { url: `${API}/offers?${search}`, key: true })],
      ["GET orders?…", (search) => callRoute(null, routes.orders.GET, { url: `${API}/orders?${search}`, key: true })],
      ["GET requests?…", (search) => callRoute(null, routes.requests.GET, { url: `${API}/requests?${search}`, key: true })],
    ]);
  });

  it("POST /api/v1/requests with arbitrary JSON", () => {
    const value = fc.oneof(nasty, fc.integer().map(String), fc.constant(null));
    const body = fc.oneof(
      fc
        .record({
          offerId: or(offerId),
          title: or("Spring campaign"),
          intendedUse: or("An ad."),
          territories: fc.array(or("FR"), { maxLength: 3 }),
          targetUploadId: or(targetUploadId),
          releaseUploadId: or(releaseUploadId),
        })
        .map((v) =>
          JSON.stringify({
            ...v,
            category: "advertising",
            channels: ["social"],
            campaignStart: day(2),
            campaignEnd: day(30),
            outputSeconds: 30,
          }),
        ),
      fc.dictionary(nasty, fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 6 }).map((d) => JSON.stringify(d)),
      fc.jsonValue().map((j) => JSON.stringify(j)),
      nasty,
    );
    return check(body, "POST /api/v1/requests", (b) =>
      callRoute(null, routes.requests.POST, {
        url: `${API}/requests`,
        method: "POST",
        key: true,
        body: b,
        headers: { "content-type": "application/json" },
      }),
    );
  });

  it("POST /api/v1/requests/{id}/performer and /api/v1/verify with arbitrary JSON", async () => {
    await check(fc.record({ performerId: fc.oneof(nasty, fc.integer(), fc.constant(null)) }), "POST performer", (v) =>
      callRoute(null, routes.performer.POST, {
        url: `${API}/requests/x/performer`,
        method: "POST",
        key: true,
        params: { id: requestId },
        body: JSON.stringify(v),
        headers: { "content-type": "application/json" },
      }),
    );
    await check(
      fc.oneof(
        nasty.map((code) => JSON.stringify({ code })),
        nasty,
      ),
      "POST verify",
      (b) =>
        callRoute(null, routes.verify.POST, {
          url: `${API}/verify`,
          method: "POST",
          body: b,
          headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250)}` },
        }),
    );
    await check(nasty, "POST payments/webhook", (b) =>
      callRoute(null, routes.webhook.POST, { url: `${API}/payments/webhook`, method: "POST", body: b }),
    );
  });

  it("JSON bodies past the limit are a 413 naming the body, refused before they are parsed", async () => {
    const big = JSON.stringify({ title: "x".repeat(60 * 1024 * 1024) });
    for (const [declared, body] of [
      [true, big],
      [false, new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) })],
    ] as const) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (declared) headers["content-length"] = String(Buffer.byteLength(big));
      const res = await h(routes.requests.POST)(
        new Request(`${API}/requests`, {
          method: "POST",
          headers: { ...headers, authorization: `Bearer ${key}` },
          body,
          ...(declared ? {} : { duplex: "half" }),
        } as RequestInit) as NextRequest,
        { params: Promise.resolve({}) },
      );
      expect(res.status).toBe(413);
      expect((await res.json()).error).toMatchObject({
        code: "PAYLOAD_TOO_LARGE",
        fields: { body: expect.stringMatching(/larger than 256 KB/) },
      });
    }
  });

  it("uploads: arbitrary files with arbitrary names", async () => {
    const kind = fc.oneof({ arbitrary: fc.constantFrom("TARGET_FOOTAGE", "RELEASE"), weight: 3 }, { arbitrary: nasty, weight: 1 });
    const upload = fc.record({ kind, name: fileName, bytes: fileBytes(), type: fc.constantFrom("image/jpeg", "application/pdf", "") });
    // An emoji across the 200-character cut of the stored name: once a 500 (the cut split the pair).
    const cutName = `${"a".repeat(199)}${EMOJI}.jpg`;
    const one = rawMultipart({ kind: "TARGET_FOOTAGE" }, { field: "file", name: cutName, bytes: jpeg, type: "image/jpeg" });
    const res = await h(routes.uploads.POST)(
      new Request(`${API}/uploads`, {
        method: "POST",
        headers: { ...one.headers, authorization: `Bearer ${key}` },
        body: one.body,
      }) as NextRequest,
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(201);
    const { originalName } = (await res.json()) as { originalName: string };
    expect(isWellFormed(originalName)).toBe(true);
    expect(codePointLength(originalName)).toBe(200);
    expect(originalName.endsWith(".jpg")).toBe(true);

    await succeeds(
      check(upload, "POST /api/v1/uploads", (u) => {
        const m = rawMultipart({ kind: u.kind }, { field: "file", name: u.name, bytes: u.bytes, type: u.type });
        return callRoute(null, routes.uploads.POST, { url: `${API}/uploads`, method: "POST", key: true, ...m });
      }),
    );
    await check(upload, "POST /api/studio-uploads (FormData)", (u) => {
      const f = form({ kind: u.kind });
      f.set("file", new File([new Uint8Array(u.bytes)], u.name, { type: u.type }));
      return callRoute(studio, routes.studioUploads.POST, { url: "http://localhost/api/studio-uploads", method: "POST", body: f });
    });
    const photo = fc.record({
      profileId: fc.oneof({ arbitrary: fc.constant(profileId), weight: 3 }, { arbitrary: nasty, weight: 1 }),
      name: fileName,
      bytes: fileBytes(),
    });
    await succeeds(
      check(photo, "POST /api/likeness-assets", (u) => {
        const m = rawMultipart({ profileId: u.profileId }, { field: "file", name: u.name, bytes: u.bytes, type: "image/jpeg" });
        return callRoute(talent, routes.likenessAssets.POST, { url: "http://localhost/api/likeness-assets", method: "POST", ...m });
      }),
    );
    await check(fc.record({ profileId: or(estateProfileId), name: fileName, bytes: fileBytes() }), "POST /api/estate-authority", (u) => {
      const m = rawMultipart({ profileId: u.profileId }, { field: "file", name: u.name, bytes: u.bytes, type: "application/pdf" });
      return callRoute(estate, routes.estateAuthority.POST, { url: "http://localhost/api/estate-authority", method: "POST", ...m });
    });
  });
});
