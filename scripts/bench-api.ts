// npm run bench:api [-- --seconds 10 --connections 50 --only verify --profile DIR]
// Requests per second and latency (p50/p99) of the order-status endpoint
// (GET /api/v1/orders/{id} with a studio API key) and of the payment webhook
// (POST /api/v1/payments/webhook with locally signed events, each one new, so
// each stores its event row), sign-in through next-auth with the shared limiter
// on (a right password: scrypt plus the lock check; a locked account: refused
// before the password is checked), and the verify rate limit's refusals (429
// from the shared limiter once loopback's 30 per minute are spent), against the production build served by
// scripts/web-server.ts on loopback; verify by code in the bulk tier (an API
// key's own limit) and from many clients (a new address per request through one
// trusted proxy, so the address limit never refuses), verify by file (a
// watermarked 1280x720 JPEG, bulk tier, 4 connections), verify by code from
// many clients while two connections upload unmarked 1920x1080 photos (each
// costs detection's whole geometry search), and the static signing-key document
// (what Next.js serves at best here). Bounded: each endpoint gets `--seconds`
// of load from `--connections` keep-alive connections, then stops. Needs
// `npm run build` first. Prints one JSON object.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { createDb } from "@/lib/db/client";
import { freePort } from "@/lib/db/embedded-postgres";
import { LOCAL_SIGNATURE_HEADER, signLocalEvent } from "@/lib/payments/local-provider";
import { registerOutput } from "@/lib/outputs";
import { createApiKey } from "@/lib/studios/api-keys";
import { newPayload, payloadToHex, watermarkImageFile } from "@/lib/watermark";
import { testPhoto } from "@/lib/testing/photos";
import { benchDatabase } from "@/lib/testing/bench-database";
import { checkoutAndPay, localPayments } from "@/lib/testing/order-fixtures";
import { SIGN_IN_ACCOUNT } from "@/lib/rate-limit";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  TEST_PASSWORD,
} from "@/lib/testing/builders";

const { values } = parseArgs({
  options: { seconds: { type: "string" }, connections: { type: "string" }, only: { type: "string" }, profile: { type: "string" } },
});
/** `--profile DIR`: the web server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools). */
const PROFILE_DIR = values.profile ? path.resolve(values.profile) : null;
/** `--only verify`: just the verify endpoint's rows (a before/after comparison on another checkout runs faster). */
const ONLY_VERIFY = values.only === "verify";
const SECONDS = Math.min(60, Number(values.seconds ?? 10));
/** Connections of the verify-by-file row (uploads are heavy; a few connections, as a bulk checker would open). */
const FILE_CONNECTIONS = 4;
const CONNECTIONS = Math.min(200, Number(values.connections ?? 50));
const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = randomBytes(24).toString("hex");

type Result = {
  requests: number;
  errors: number;
  statusCounts: Record<string, number>;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type MakeRequest = () => { method: string; path: string; headers: Record<string, string>; body?: string | Buffer };

/** `connections` loops, each sending one request after the other for `seconds`, on loopback only. */
async function load(port: number, make: MakeRequest, connections = CONNECTIONS): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const r = make();
      const started = performance.now();
      const req = http.request({ host: "127.0.0.1", port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - started);
          statusCounts[res.statusCode ?? 0] = (statusCounts[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      if (r.body) req.write(r.body);
      req.end();
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: latencies.length,
    errors,
    statusCounts,
    requestsPerSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? 0),
  };
}

const database = await benchDatabase();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "likeness-bench-api-"));
Object.assign(process.env, {
  LIKENESS_DATA_DIR: dataDir,
  LIKENESS_STORAGE_DIR: path.join(dataDir, "blobs"),
  LIKENESS_MASTER_KEY: randomBytes(32).toString("hex"),
  LIKENESS_LOCAL_PAYMENT_SECRET: SECRET,
});
const db = createDb(database.url);
const port = await freePort();
const server = spawn(
  process.execPath,
  [...(PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR] : []), "--import", "tsx", "scripts/web-server.ts"],
  {
    cwd: ROOT,
    // One trusted proxy: verifyCodeManyClients sends each request from its own address (X-Forwarded-For), as many clients would.
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      NODE_ENV: "production",
      LIKENESS_TRUSTED_PROXIES: "1",
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://localhost:${port}`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
try {
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on("data", (d: Buffer) => d.toString().includes("ready on") && resolve());
    server.once("exit", (code) => reject(new Error(`the web server exited (${code}); run npm run build first`)));
  });

  const studio = await createStudio(db);
  const talent = await createUser(db, "TALENT");
  const { profile } = await createProfileWithConsent(db, talent);
  const offer = await publishTestOffer(db, talent, profile.id, { approvalMode: "AUTO" });
  const { request } = await submitTestRequest(db, studio, offer.id);
  const orderId = await checkoutAndPay(db, localPayments(SECRET), studio, request.id);
  const key = await createApiKey({ db, actor: studio, meta: TEST_META, input: { name: "bench" } });
  // A delivered output, so that verify by code finds a license (the answer a platform checking uploads gets).
  const output = await registerOutput({
    db,
    actor: null,
    input: {
      requestId: request.id,
      orderId,
      payloadHex: payloadToHex(newPayload()),
      outputSha256: randomBytes(32).toString("hex"),
      mimeType: "image/png",
      modelId: "external",
      inputHashes: [],
    },
  });

  // A delivered file as a platform would receive it: a 1280x720 JPEG carrying the watermark of its own registered output.
  const photo = path.join(dataDir, "upload.jpg");
  const marked = path.join(dataDir, "marked.jpg");
  await sharp(testPhoto("human-sample5.jpg")).resize(1280, 720, { fit: "cover" }).jpeg({ quality: 90 }).toFile(photo);
  const filePayload = newPayload();
  await watermarkImageFile(photo, marked, { payload: filePayload });
  const markedBytes = await readFile(marked);
  await registerOutput({
    db,
    actor: null,
    input: {
      requestId: request.id,
      payloadHex: payloadToHex(filePayload),
      outputSha256: createHash("sha256").update(markedBytes).digest("hex"),
      mimeType: "image/jpeg",
      modelId: "external",
      inputHashes: [],
    },
  });
  const boundary = `bench${randomBytes(8).toString("hex")}`;
  const multipart = (bytes: Buffer) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const fileBody = multipart(markedBytes);
  // What most uploads to /verify are: a photo that never came from the platform (1920x1080, no watermark), which
  // costs detection its whole geometry search.
  const unmarkedBody = multipart(
    await sharp(testPhoto("human-sample5.jpg")).resize(1920, 1080, { fit: "cover" }).jpeg({ quality: 90 }).toBuffer(),
  );

  // Warm-up: compile routes and fill caches.
  const warm = await fetch(`http://127.0.0.1:${port}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${key.token}` } });
  if (warm.status !== 200) throw new Error(`order status answered ${warm.status}: ${await warm.text()}`);

  const base = `http://127.0.0.1:${port}`;
  /** The rows of the other endpoints (skipped with --only verify). */
  const otherRows = async () => {
    const orderStatus = await load(port, () => ({
      method: "GET",
      path: `/api/v1/orders/${orderId}`,
      headers: { authorization: `Bearer ${key.token}` },
    }));
    let n = 0;
    const webhook = await load(port, () => {
      // A new (already expired) checkout session event each time: verified, stored by id, applied.
      const event = {
        id: `bench_${++n}_${randomBytes(4).toString("hex")}`,
        type: "checkout.expired" as const,
        sessionId: `lcs_bench_${n}`,
        orderId,
      };
      const { body, signature } = signLocalEvent(SECRET, event);
      return {
        method: "POST",
        path: "/api/v1/payments/webhook",
        headers: {
          "content-type": "application/json",
          [LOCAL_SIGNATURE_HEADER]: signature,
          "content-length": String(Buffer.byteLength(body)),
        },
        body,
      };
    });
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const signInRequest = (email: string, password: string) => {
      const body = new URLSearchParams({ email, password, csrfToken, json: "true" }).toString();
      return {
        method: "POST",
        path: "/api/auth/callback/credentials",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, "content-length": String(Buffer.byteLength(body)) },
        body,
      };
    };
    const signInRight = await load(port, () => signInRequest(talent.email, TEST_PASSWORD));
    const locked = await createUser(db, "AGENT");
    for (let i = 0; i < SIGN_IN_ACCOUNT.failures; i++) {
      const r = signInRequest(locked.email, `wrong ${i}`);
      await fetch(`${base}${r.path}`, { method: "POST", headers: r.headers, body: r.body });
    }
    const signInLocked = await load(port, () => signInRequest(locked.email, "still wrong"));
    return {
      orderStatus: { ...orderStatus, goal: { requestsPerSecond: 1000, p99Ms: 50 } },
      paymentWebhook: webhook,
      signInRightPassword: signInRight,
      signInLockedAccount: signInLocked,
    };
  };
  const others = ONLY_VERIFY ? {} : await otherRows();
  const verifyBody = JSON.stringify({ code: "04HM-ASRA-DPQZ-YK" });
  const verifyRateLimited = await load(port, () => ({
    method: "POST",
    path: "/api/v1/verify",
    headers: { "content-type": "application/json", "content-length": String(verifyBody.length) },
    body: verifyBody,
  }));
  // The bulk tier: a platform that verifies uploads sends its API key and gets the per-key limit instead of the address's.
  const codeBody = JSON.stringify({ code: output.verifyCode });
  const verifyRequest = (authorization?: string) => ({
    method: "POST",
    path: "/api/v1/verify",
    headers: { "content-type": "application/json", "content-length": String(codeBody.length), ...(authorization ? { authorization } : {}) },
    body: codeBody,
  });
  // The answer checked once, from an address of its own (this bench also runs against checkouts without the bulk tier).
  const check = await fetch(`${base}/api/v1/verify`, {
    method: "POST",
    headers: { ...verifyRequest().headers, "x-forwarded-for": "10.255.255.255" },
    body: codeBody,
  });
  const checked = (await check.json()) as { license?: { status?: string } | null };
  if (check.status !== 200 || checked.license?.status !== "valid")
    throw new Error(`verify by code answered ${check.status}: ${JSON.stringify(checked)}`);
  const verifyCodeBulk = await load(port, () => verifyRequest(`Bearer ${key.token}`));
  // Many clients, each under its own address's limit: every request from a new address (through the trusted proxy).
  let client = 0;
  const verifyCodeManyClients = await load(port, () => {
    const r = verifyRequest();
    client++;
    return { ...r, headers: { ...r.headers, "x-forwarded-for": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } };
  });
  // By file, in the bulk tier: decode, watermark detection and the registry lookup. A few connections, as a
  // platform checking its uploads would use: detection runs on a bounded pool of worker threads, and requests
  // beyond its queue are refused (429), which with 50 connections would be most of them.
  const fileRequest = (body: Buffer) => () => ({
    method: "POST",
    path: "/api/v1/verify",
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": String(body.length),
      authorization: `Bearer ${key.token}`,
    },
    body,
  });
  const verifyFileBulk = await load(port, fileRequest(fileBody), FILE_CONNECTIONS);
  // Verify codes from many clients while two connections keep uploading unmarked photos: whether file checks stall
  // the server's other answers.
  const [verifyCodeDuringUnmarkedFiles, unmarkedFiles] = await Promise.all([
    load(port, () => {
      const r = verifyRequest();
      client++;
      return { ...r, headers: { ...r.headers, "x-forwarded-for": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } };
    }),
    load(port, fileRequest(unmarkedBody), 2),
  ]);
  // What Next.js itself serves on this machine: a small static JSON document (the public signing key), the ceiling for any route.
  const signingKeyDocument = await load(port, () => ({ method: "GET", path: "/.well-known/likeness-signing-key.json", headers: {} }));
  console.log(
    JSON.stringify(
      {
        bench: "api",
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
        seconds: SECONDS,
        connections: CONNECTIONS,
        ...others,
        verifyRateLimited,
        verifyCodeBulk: { ...verifyCodeBulk, goal: { requestsPerSecond: 1000, p99Ms: 50 } },
        verifyCodeManyClients: { ...verifyCodeManyClients, goal: { requestsPerSecond: 1000, p99Ms: 50 } },
        verifyFileBulk: { ...verifyFileBulk, connections: FILE_CONNECTIONS },
        verifyCodeDuringUnmarkedFiles: { ...verifyCodeDuringUnmarkedFiles, unmarkedFileUploads: unmarkedFiles },
        signingKeyDocument,
      },
      null,
      2,
    ),
  );
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await db.$disconnect();
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
}
