import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { consentDocumentHash, consentDocumentText } from "@/lib/consent/consent-document";
import { signConsent } from "@/lib/consent/sign-consent";
import { publishOffer } from "@/lib/offers/publish-offer";
import { createProfile } from "@/lib/profiles/create-profile";
import { createApiKey, revokeApiKey } from "@/lib/studios/api-keys";
import { makeLicensable } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { signUp } from "@/lib/users/sign-up";
import { GET as listOffers } from "./offers/route";
import { GET as getOpenApi } from "./openapi.json/route";
import { GET as getRequest } from "./requests/[id]/route";
import { POST as withdraw } from "./requests/[id]/withdraw/route";
import { GET as listRequests, POST as createRequest } from "./requests/route";
import { GET as getTalent } from "./talent/[id]/route";
import { POST as upload } from "./uploads/route";

// The studio REST API end to end on a real PostgreSQL: the handlers are called
// directly with web Requests, as Next.js would call them.

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const BASE = "http://localhost/api/v1";
const RELEASE_MAX = 200 * 1024;
const FOOTAGE_MAX = 2 * 1024 * 1024;

let t: TestDatabase;
let storage: string;
let keyA: string;
let keyB: string;
let studioA: Actor;
let profileId: string;
let manualOfferId: string;
let autoOfferId: string;
let png: Buffer;
const pdf = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "latin1");

const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });
const call = (
  handler: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  init: {
    url: string;
    method?: string;
    key?: string | null;
    body?: BodyInit;
    headers?: Record<string, string>;
    params?: Record<string, string>;
  },
) => {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  const req = new Request(init.url, { method: init.method ?? "GET", headers, body: init.body });
  return handler(req as NextRequest, params(init.params));
};
type Handler = Parameters<typeof call>[0];
const h = (fn: unknown) => fn as Handler;

function multipart(kind: string, bytes: Buffer, name: string, type = "application/octet-stream") {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([new Uint8Array(bytes)], name, { type }));
  return form;
}

async function blobFiles(): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  }
  await walk(storage);
  return out;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    offerId: manualOfferId,
    title: "Spring running campaign",
    category: "advertising",
    contentDeclarations: [],
    topics: [],
    territories: ["FR"],
    channels: ["social"],
    campaignStart: day(2),
    campaignEnd: day(30),
    outputSeconds: 30,
    intendedUse: "A 30-second social ad for a running shoe: the talent jogs through a city park at dawn.",
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  storage = await mkdtemp(path.join(tmpdir(), "likeness-api-blobs-"));
  process.env.DATABASE_URL = t.url;
  process.env.LIKENESS_STORAGE_DIR = storage;
  process.env.LIKENESS_MASTER_KEY ??= randomBytes(32).toString("hex");
  process.env.LIKENESS_RELEASE_MAX_BYTES = String(RELEASE_MAX);
  process.env.LIKENESS_FOOTAGE_MAX_BYTES = String(FOOTAGE_MAX);
  // db() keeps one client per process on globalThis; point it at this file's database.
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;

  const talent = await signUp({
    db: t.db,
    meta,
    input: { role: "TALENT", name: "Tia Talent", email: "tia@example.test", password: "correct-horse-1" },
  });
  const profile = await createProfile({ db: t.db, actor: talent, meta, input: { displayName: "Tia Talent", bio: "Actor and runner." } });
  profileId = profile.id;
  const scopes = ["advertising", "film_tv"] as const;
  const expiresAt = new Date(Date.now() + 2 * 365 * 86_400_000);
  const text = consentDocumentText({ displayName: profile.displayName, deceased: false, scopes: [...scopes], expiresAt });
  await signConsent({
    db: t.db,
    actor: talent,
    meta,
    input: { profileId, scopes: [...scopes], expiresAt, legalName: "Tia Talent", textSha256: consentDocumentHash(text), agree: true },
  });
  // The gates before licensing: the likeness set's usable photos.
  await makeLicensable(t.db, profileId);
  const offer = (approvalMode: "MANUAL" | "AUTO", title: string) =>
    publishOffer({
      db: t.db,
      actor: talent,
      meta,
      input: {
        profileId,
        title,
        allowedCategories: ["advertising"],
        extraExclusions: ["alcohol"],
        territories: ["FR", "DE"],
        channels: ["social", "online_video"],
        termStart: new Date(Date.now() - 86_400_000),
        termEnd: new Date(Date.now() + 365 * 86_400_000),
        maxRenders: 5,
        maxOutputSeconds: 300,
        flatFeeMinor: 150_000,
        perSecondMinor: 1_000,
        currency: "EUR",
        approvalMode,
        disclosureText: "Face digitally altered with consent",
      },
    });
  manualOfferId = (await offer("MANUAL", "European social ads")).id;
  autoOfferId = (await offer("AUTO", "Instant social ads")).id;

  studioA = await signUp({
    db: t.db,
    meta,
    input: { role: "STUDIO", name: "Ana Studio", email: "ana@a.test", password: "correct-horse-2", studioName: "Studio A" },
  });
  const studioB = await signUp({
    db: t.db,
    meta,
    input: { role: "STUDIO", name: "Ben Studio", email: "ben@b.test", password: "correct-horse-3", studioName: "Studio B" },
  });
  keyA = (await createApiKey({ db: t.db, actor: studioA, meta, input: { name: "pipeline" } })).token;
  keyB = (await createApiKey({ db: t.db, actor: studioB, meta, input: { name: "other" } })).token;
  png = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#88aacc" } })
    .png()
    .toBuffer();
});

afterAll(async () => {
  (globalThis as { likenessDb?: unknown }).likenessDb = undefined;
  await t?.drop();
  if (storage) await rm(storage, { recursive: true, force: true });
});

describe("authentication", () => {
  it("answers 401 without a key, with a malformed or unknown key, and with a revoked key", async () => {
    for (const key of [null, "nope", `lk_000000000000_${"x".repeat(32)}`]) {
      const res = await call(h(listOffers), { url: `${BASE}/offers`, key });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
    }
    const temp = await createApiKey({ db: t.db, actor: studioA, meta, input: { name: "temporary" } });
    expect((await call(h(listOffers), { url: `${BASE}/offers`, key: temp.token })).status).toBe(200);
    await revokeApiKey({ db: t.db, actor: studioA, meta, keyId: temp.id });
    expect((await call(h(listOffers), { url: `${BASE}/offers`, key: temp.token })).status).toBe(401);
  });

  it("serves the OpenAPI document without a key", async () => {
    const res = await getOpenApi(new Request(`${BASE}/openapi.json`));
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/requests/{id}/withdraw");
  });
});

describe("catalog", () => {
  it("lists licensable talent with filters and validates the query", async () => {
    const res = await call(h(listOffers), { url: `${BASE}/offers?territory=fr&category=advertising`, key: keyA });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0].offers.map((o: { id: string }) => o.id).sort()).toEqual([manualOfferId, autoOfferId].sort());

    const none = await (await call(h(listOffers), { url: `${BASE}/offers?territory=US`, key: keyA })).json();
    expect(none.items).toEqual([]);

    const bad = await call(h(listOffers), { url: `${BASE}/offers?territory=XX&limit=0`, key: keyA });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["limit", "territory"]);
  });

  it("shows one talent's offers without internals, and 404 for an unknown id", async () => {
    const res = await call(h(getTalent), { url: `${BASE}/talent/${profileId}`, key: keyA, params: { id: profileId } });
    expect(res.status).toBe(200);
    const talent = await res.json();
    expect(talent.offers[0]).toMatchObject({ rendersLeft: 5, secondsLeft: 300, currency: "EUR", excludedTopics: ["alcohol"] });
    const text = JSON.stringify(talent);
    for (const secret of ["wrappedDataKey", "createdById", "principalUserId", "blobKey"]) expect(text).not.toContain(secret);
    const missing = await call(h(getTalent), { url: `${BASE}/talent/nope`, key: keyA, params: { id: "nope" } });
    expect(missing.status).toBe(404);
  });
});

describe("uploads", () => {
  it("stores an image as target footage and a PDF as a release", async () => {
    const footage = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: multipart("TARGET_FOOTAGE", png, "frame.png"),
    });
    expect(footage.status).toBe(201);
    const f = await footage.json();
    expect(f).toMatchObject({ kind: "TARGET_FOOTAGE", mimeType: "image/png", width: 320, height: 240 });
    expect(JSON.stringify(f)).not.toContain("blobKey");
    const release = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: multipart("RELEASE", pdf, "release.pdf"),
    });
    expect(release.status).toBe(201);
    expect((await release.json()).mimeType).toBe("application/pdf");
  });

  it("refuses oversized, mislabeled and malformed uploads, storing nothing", async () => {
    const rowsBefore = await t.db.studioUpload.count();
    const blobsBefore = (await blobFiles()).length;

    const notAnImage = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: multipart("TARGET_FOOTAGE", Buffer.from("this is plain text, not a JPEG at all"), "photo.jpg", "image/jpeg"),
    });
    expect(notAnImage.status).toBe(415);
    expect((await notAnImage.json()).error.fields.file).toMatch(/not/);

    const bigPdf = Buffer.concat([pdf.subarray(0, 9), Buffer.alloc(RELEASE_MAX + 10, 0x20), Buffer.from("\n%%EOF\n")]);
    const tooBig = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: multipart("RELEASE", bigPdf, "release.pdf"),
    });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.fields).toHaveProperty("file");

    // Larger than any upload may be: refused from Content-Length, before the body is read.
    const huge = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: multipart("TARGET_FOOTAGE", Buffer.alloc(FOOTAGE_MAX + 200 * 1024), "huge.mp4"),
    });
    expect(huge.status).toBe(413);

    const noKind = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: multipart("SELFIE", png, "frame.png"),
    });
    expect(noKind.status).toBe(422);
    expect((await noKind.json()).error.fields).toHaveProperty("kind");

    const notMultipart = await call(h(upload), {
      url: `${BASE}/uploads`,
      method: "POST",
      key: keyA,
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(notMultipart.status).toBe(400);

    expect(await t.db.studioUpload.count()).toBe(rowsBefore);
    expect((await blobFiles()).length).toBe(blobsBefore);
  });
});

describe("requests", () => {
  async function uploadIds(key: string) {
    const f = await (
      await call(h(upload), { url: `${BASE}/uploads`, method: "POST", key, body: multipart("TARGET_FOOTAGE", png, "frame.png") })
    ).json();
    const r = await (
      await call(h(upload), { url: `${BASE}/uploads`, method: "POST", key, body: multipart("RELEASE", pdf, "release.pdf") })
    ).json();
    return { targetUploadId: f.id as string, releaseUploadId: r.id as string };
  }
  const post = (key: string, body: unknown) =>
    call(h(createRequest), {
      url: `${BASE}/requests`,
      method: "POST",
      key,
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });

  it("answers 400 for malformed JSON and 422 naming each bad field", async () => {
    const malformed = await post(keyA, "{ not json");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("MALFORMED_BODY");

    const bad = await post(
      keyA,
      requestBody({ category: "cooking", territories: ["ZZ"], channels: [], outputSeconds: 0, campaignStart: "someday" }),
    );
    expect(bad.status).toBe(422);
    const { fields } = (await bad.json()).error;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["category", "territories", "channels", "outputSeconds", "campaignStart"]));
  });

  it("rejects a request by policy with every reason, at once", async () => {
    const res = await post(
      keyA,
      requestBody({ territories: ["US"], topics: ["alcohol"], contentDeclarations: ["political_content"], intendedUse: "An ad." }),
    );
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.request.status).toBe("rejected_by_policy");
    expect(body.decision.outcome).toBe("deny");
    expect(body.decision.reasons.map((r: { code: string }) => r.code).sort()).toEqual(
      [
        "intended_use_too_short",
        "prohibited_content",
        "release_missing",
        "target_footage_missing",
        "territory_not_covered",
        "topic_excluded",
      ].sort(),
    );
    expect(body.request.policyReasons).toHaveLength(6);
  });

  it("routes a complete request to approval, or approves it under an automatic offer", async () => {
    const manual = await post(keyA, requestBody(await uploadIds(keyA)));
    expect(manual.status).toBe(201);
    const m = await manual.json();
    expect(m).toMatchObject({
      request: { status: "pending_approval", priceMinor: 150_000 + 30 * 1_000, currency: "EUR" },
      decision: { outcome: "needs_approval", reasons: [] },
    });

    const auto = await (await post(keyA, requestBody({ offerId: autoOfferId, ...(await uploadIds(keyA)) }))).json();
    expect(auto.request.status).toBe("approved");
    expect(auto.decision.outcome).toBe("allow");
  });

  it("refuses another studio's uploads as fields of the request", async () => {
    const theirs = await uploadIds(keyB);
    const res = await post(keyA, requestBody(theirs));
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toHaveProperty("targetUploadId");
  });

  it("lists, reads and withdraws the studio's own requests; another studio gets 404", async () => {
    const created = (await (await post(keyA, requestBody(await uploadIds(keyA)))).json()).request;
    const id = created.id as string;

    const list = await (await call(h(listRequests), { url: `${BASE}/requests?status=pending_approval&limit=1`, key: keyA })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].status).toBe("pending_approval");
    expect(list.nextCursor).toBeTruthy();
    const next = await (
      await call(h(listRequests), { url: `${BASE}/requests?status=pending_approval&limit=1&cursor=${list.nextCursor}`, key: keyA })
    ).json();
    expect(next.items[0].id).not.toBe(list.items[0].id);
    expect((await call(h(listRequests), { url: `${BASE}/requests?status=lost`, key: keyA })).status).toBe(422);

    const otherList = await (await call(h(listRequests), { url: `${BASE}/requests`, key: keyB })).json();
    expect(otherList.items).toEqual([]);

    const detail = await call(h(getRequest), { url: `${BASE}/requests/${id}`, key: keyA, params: { id } });
    expect(detail.status).toBe(200);
    const d = await detail.json();
    expect(d.history.map((e: { action: string }) => e.action)).toContain("request.created");
    expect(JSON.stringify(d)).not.toMatch(/actorEmail|createdById|blobKey/);

    expect((await call(h(getRequest), { url: `${BASE}/requests/${id}`, key: keyB, params: { id } })).status).toBe(404);
    expect((await call(h(withdraw), { url: `${BASE}/requests/${id}/withdraw`, method: "POST", key: keyB, params: { id } })).status).toBe(
      404,
    );

    const w = await call(h(withdraw), { url: `${BASE}/requests/${id}/withdraw`, method: "POST", key: keyA, params: { id } });
    expect(w.status).toBe(200);
    expect(await w.json()).toEqual({ id, status: "withdrawn" });
    const again = await call(h(withdraw), { url: `${BASE}/requests/${id}/withdraw`, method: "POST", key: keyA, params: { id } });
    expect(again.status).toBe(409);
  });
});
