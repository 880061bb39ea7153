import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerOutput, VERIFY_BULK_RATE, VERIFY_RATE } from "@/lib/outputs";
import { createApiKey, revokeApiKey } from "@/lib/studios/api-keys";
import { createProfileWithConsent, createStudio, createUser, publishTestOffer, submitTestRequest, TEST_META } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { newPayload, payloadToHex } from "@/lib/watermark";
import { POST as verify } from "./route";

// POST /api/v1/verify's two tiers on a real PostgreSQL: anyone gets the
// address's limit; a platform that sends an API key gets its key's (much
// higher) limit, counted per key; a wrong or revoked key is refused, never
// answered under the address's limit instead.

let t: TestDatabase;
let code: string;
let tokenA: string;
let tokenB: string;

const post = (body: unknown, headers: Record<string, string> = {}) =>
  verify(
    new Request("http://localhost/api/v1/verify", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.LIKENESS_MASTER_KEY ??= randomBytes(32).toString("hex");
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  const studio = await createStudio(t.db);
  const talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  const output = await registerOutput({
    db: t.db,
    actor: null,
    input: {
      requestId: request.id,
      payloadHex: payloadToHex(newPayload()),
      outputSha256: randomBytes(32).toString("hex"),
      mimeType: "image/png",
      modelId: "external",
      inputHashes: [],
    },
  });
  code = output.verifyCode;
  tokenA = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "platform A" } })).token;
  tokenB = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "platform B" } })).token;
});

afterAll(async () => {
  await t?.drop();
});

describe("POST /api/v1/verify rate limit tiers", () => {
  it("answers an anonymous client under its address's limit and refuses the request after it with 429 and Retry-After", async () => {
    const first = await post({ code });
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Limit")).toBe(String(VERIFY_RATE.limit));
    expect(((await first.json()) as { license: { status: string } }).license.status).toBe("valid");
    for (let i = 1; i < VERIFY_RATE.limit; i++) expect((await post({ code })).status).toBe(200);
    const over = await post({ code });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });

  it("answers a client with an API key under the key's bulk limit even when its address is spent", async () => {
    const res = await post({ code }, { authorization: `Bearer ${tokenA}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("RateLimit-Limit")).toBe(String(VERIFY_BULK_RATE.limit));
    expect(res.headers.get("RateLimit-Remaining")).toBe(String(VERIFY_BULK_RATE.limit - 1));
    expect(((await res.json()) as { license: { status: string } }).license.status).toBe("valid");
  });

  it("counts each API key on its own counter", async () => {
    await post({ code }, { authorization: `Bearer ${tokenA}` });
    const b = await post({ code }, { authorization: `Bearer ${tokenB}` });
    expect(b.headers.get("RateLimit-Remaining")).toBe(String(VERIFY_BULK_RATE.limit - 1));
    const a = await post({ code }, { authorization: `Bearer ${tokenA}` });
    expect(a.headers.get("RateLimit-Remaining")).toBe(String(VERIFY_BULK_RATE.limit - 3));
  });

  it("refuses a malformed or unknown key with 401 instead of answering under the address's limit", async () => {
    for (const authorization of [
      "Bearer nonsense",
      `Bearer lk_000000000000_${"x".repeat(32)}`,
      tokenA.slice(0, -1) + (tokenA.endsWith("a") ? "b" : "a"),
    ]) {
      const res = await post({ code }, { authorization: authorization.startsWith("Bearer") ? authorization : `Bearer ${authorization}` });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses a revoked key at once", async () => {
    const studio = await createStudio(t.db);
    const key = await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "revoked soon" } });
    expect((await post({ code }, { authorization: `Bearer ${key.token}` })).status).toBe(200);
    await revokeApiKey({ db: t.db, actor: studio, meta: TEST_META, keyId: key.id });
    expect((await post({ code }, { authorization: `Bearer ${key.token}` })).status).toBe(401);
  });
});
