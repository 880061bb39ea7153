import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { MAX_JSON_BODY_BYTES } from "@/lib/http/json-body";
import { API_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { answerVerifyCodeRequest, isVerifyCodeRequest } from "@/lib/http/verify-fast-path";
import { registerOutput, revokeOutputs, VERIFY_BULK_RATE, VERIFY_RATE } from "@/lib/outputs";
import { createApiKey, revokeApiKey } from "@/lib/studios/api-keys";
import { createProfileWithConsent, createStudio, createUser, publishTestOffer, submitTestRequest, TEST_META } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { newPayload, payloadToHex, verifyCodeFromPayload } from "@/lib/watermark";
import { POST as verify } from "./route";

// POST /api/v1/verify's two tiers on a real PostgreSQL: anyone gets the
// address's limit; a platform that sends an API key gets its key's (much
// higher) limit, counted per key; a wrong or revoked key is refused, never
// answered under the address's limit instead. Every test runs twice: through
// the Next.js route handler, and through the web server's fast path
// (lib/http/verify-fast-path.ts) on a real node:http server, which must answer
// exactly as the route does.

let t: TestDatabase;
let code: string;
let outputId: string;
let server: Server;
let port: number;

type Post = (body: unknown, headers?: Record<string, string>) => Promise<Response>;

/** Through the Next.js route handler, from `address`. */
const viaRoute =
  (address: string): Post =>
  (body, headers = {}) =>
    verify(
      new Request("http://localhost/api/v1/verify", {
        method: "POST",
        headers: { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: address, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );

/** Through the fast path on a real HTTP server, from `address` (the server takes it from this test header). */
const viaFastPath =
  (address: string): Post =>
  (body, headers = {}) =>
    fetch(`http://127.0.0.1:${port}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-test-address": address, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

const transports: Array<[string, (address: string) => Post]> = [
  ["the Next.js route", viaRoute],
  ["the web server's fast path", viaFastPath],
];

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
  outputId = output.id;
  // What scripts/web-server.ts does, with the client's address from a test header instead of the socket.
  server = createServer((req, res) => {
    if (isVerifyCodeRequest(req))
      return void answerVerifyCodeRequest(req, res, { db: t.db, clientAddress: String(req.headers["x-test-address"]) });
    res.writeHead(404).end("not the fast path");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
});

describe.each(transports)("POST /api/v1/verify rate limit tiers, through %s", (transport, via) => {
  const post = via(transport.includes("fast") ? "198.51.100.2" : "198.51.100.1");
  // Each transport's own keys, so that the per-key counts below start from zero.
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    const studio = await createStudio(t.db);
    tokenA = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "platform A" } })).token;
    tokenB = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "platform B" } })).token;
  });

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

describe("the web server's verify fast path", () => {
  const fast = viaFastPath;
  const route = viaRoute;

  it("answers a code with the same body as the Next.js route, with the /api security headers", async () => {
    const [a, b] = await Promise.all([fast("192.0.2.10")({ code }), route("192.0.2.11")({ code })]);
    expect(a.status).toBe(200);
    const [bodyA, bodyB] = [(await a.json()) as Record<string, unknown>, (await b.json()) as Record<string, unknown>];
    expect({ ...bodyA, checkedAt: null }).toEqual({ ...bodyB, checkedAt: null });
    expect(a.headers.get("content-type")).toBe("application/json");
    expect(a.headers.get("cache-control")).toBe("no-store");
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(a.headers.get(name)).toBe(value);
    expect(a.headers.get("strict-transport-security")).toBeNull();
    const https = await fast("192.0.2.10")({ code }, { "x-forwarded-proto": "https" });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  });

  it("answers bad input as the route does: 422 naming code, 400 naming body", async () => {
    const post = fast("192.0.2.20");
    const typo = await post({ code: code.slice(0, -1) + (code.endsWith("A") ? "B" : "A") });
    expect(typo.status).toBe(422);
    expect(Object.keys(((await typo.json()) as { error: { fields: object } }).error.fields)).toEqual(["code"]);
    for (const body of ["{not json", "", "   "]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; fields: object } }).error).toMatchObject({ code: "MALFORMED_BODY" });
    }
    const missing = await post({ nothing: true });
    expect(missing.status).toBe(422);
  });

  it("refuses a body past the JSON limit with 413 naming body, declared or streamed without a length", async () => {
    const big = JSON.stringify({ code, padding: "x".repeat(MAX_JSON_BODY_BYTES) });
    const declared = await fast("192.0.2.30")(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { fields: object } }).error.fields).toHaveProperty("body");
    // Chunked, no Content-Length: counted as it arrives.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: "127.0.0.1",
          method: "POST",
          path: "/api/v1/verify",
          headers: { "content-type": "application/json", "x-test-address": "192.0.2.31" },
        },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 20; i++) req.write("x".repeat(32 * 1024));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("takes only JSON POSTs to exactly /api/v1/verify; files, other methods and paths go on to Next.js", async () => {
    const ask = async (method: string, path: string, type: string) =>
      (
        await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: { "content-type": type },
          body: method === "GET" ? undefined : "{}",
        })
      ).status;
    expect(await ask("POST", "/api/v1/verify?x=1", "application/json; charset=utf-8")).not.toBe(404);
    expect(await ask("POST", "/api/v1/verify", "multipart/form-data; boundary=x")).toBe(404);
    expect(await ask("GET", "/api/v1/verify", "application/json")).toBe(404);
    expect(await ask("POST", "/api/v1/verify/", "application/json")).toBe(404);
    expect(await ask("POST", "/api/v1/verifyx", "application/json")).toBe(404);
  });

  it("allows exactly the address's limit to concurrent requests, however they are batched", async () => {
    const post = fast("2001:db8:1:2::1");
    const other = fast("2001:db8:1:2::ffff"); // the same /64: the same counter
    const answers = await Promise.all(Array.from({ length: VERIFY_RATE.limit + 15 }, (_, i) => (i % 2 ? post : other)({ code })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(VERIFY_RATE.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect([...new Set(answers.filter((r) => r.status === 200).map((r) => r.headers.get("RateLimit-Remaining")))]).toHaveLength(
      VERIFY_RATE.limit,
    );
  });

  it("answers concurrent codes each with its own output (batched lookups never mix answers up)", async () => {
    const unknown = verifyCodeFromPayload(newPayload());
    const answers = await Promise.all([code, unknown, code, unknown].map((c, i) => fast(`192.0.2.${50 + i}`)({ code: c })));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ output: { id: string } | null; license: unknown }>;
    expect(bodies.map((b) => b.output?.id ?? null)).toEqual([outputId, null, outputId, null]);
  });

  it("shows a revocation from the very next request (nothing is cached)", async () => {
    const post = fast("192.0.2.60");
    expect(((await (await post({ code })).json()) as { license: { status: string } }).license.status).toBe("valid");
    await t.db.$transaction((tx) => revokeOutputs(tx, { actor: null, where: { outputId }, reason: "test: taken down", at: new Date() }));
    const after = (await (await post({ code })).json()) as { output: { revokedAt: string | null } };
    expect(after.output.revokedAt).not.toBeNull();
  });
});
