import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";

// Every environment variable the platform (lib/, app/, scripts/) reads is
// declared and parsed here, by one zod schema, and listed in the README's
// configuration table (lib/config.test.ts checks both). Nothing else reads
// process.env (ESLint: no-restricted-syntax); ml/ reads its own ML_* and
// FFMPEG_* variables, because ml/ may not import lib/.
//
// Values are read when asked for, not once at import: tests and the scripts
// that start the platform set variables after this module is loaded. Each
// accessor parses only the variables it needs (a few microseconds), and
// `checkConfig()` parses them all at start, so a bad value stops the platform
// at once with every problem named instead of failing its first request.

// import.meta.dirname is undefined once Next.js bundles this module; the server
// then runs from the project root, so the working directory is the fallback.
const ROOT = import.meta.dirname ? path.resolve(import.meta.dirname, "..") : process.cwd();

/** Most accepted values for LIKENESS_TRUSTED_PROXIES (a longer chain is a misconfiguration). */
export const MAX_TRUSTED_PROXIES = 10;

// ---- value rules -----------------------------------------------------------

/** Unset and empty are the same: "not set" (shells and .env files make empty variables easily). */
const unset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function text() {
  return z.preprocess(unset, z.string().optional()).transform((v) => v?.trim());
}

function wholeNumber(fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER) {
  return optionalWholeNumber(min, max).transform((n) => n ?? fallback);
}

function optionalWholeNumber(min = 1, max = Number.MAX_SAFE_INTEGER) {
  const rule = min === 1 && max === Number.MAX_SAFE_INTEGER ? "a positive integer" : `a whole number from ${min} to ${max}`;
  return z.preprocess(unset, z.string().optional()).transform((raw, ctx): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw.trim());
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `must be ${rule}` });
      return z.NEVER;
    }
    return n;
  });
}

const port = (fallback: number) => wholeNumber(fallback, 1, 65535);

function percent(fallback: number) {
  return z.preprocess(unset, z.string().optional()).transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const n = Number(raw.trim());
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: "custom", message: "must be a percentage from 0 to 100" });
      return z.NEVER;
    }
    return n;
  });
}

function flag(fallback: boolean) {
  return z.preprocess(unset, z.string().optional()).transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const v = raw.trim().toLowerCase();
    if (["1", "true", "yes"].includes(v)) return true;
    if (["0", "false", "no"].includes(v)) return false;
    ctx.addIssue({ code: "custom", message: "must be 1/true/yes or 0/false/no" });
    return z.NEVER;
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.preprocess(unset, z.string().optional()).transform((raw, ctx): T[number] => {
    if (raw === undefined) return fallback;
    const v = raw.trim();
    if ((values as readonly string[]).includes(v)) return v as T[number];
    ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}` });
    return z.NEVER;
  });
}

function matching(pattern: RegExp, what: string) {
  return text().refine((v) => v === undefined || pattern.test(v), { message: `must be ${what}` });
}

const postgresUrl = () => matching(/^postgres(ql)?:\/\//, "a PostgreSQL URL (postgresql://user:password@host:port/database)");
const httpUrl = () => matching(/^https?:\/\/[^/]/, "an http(s) URL");

/** The render presets of ml/model/presets.ts (lib/config.test.ts checks the list). */
export const RENDER_PRESETS = ["tiny", "small", "original", "large"] as const;

// ---- the schema ------------------------------------------------------------

export const envSchema = z.object({
  // Runtime and web server
  PORT: port(3000),
  NEXTAUTH_URL: httpUrl(),
  NEXTAUTH_SECRET: text(),
  LIKENESS_TRUSTED_PROXIES: wholeNumber(0, 0, MAX_TRUSTED_PROXIES),
  LIKENESS_DEMO_PASSWORD: text(),

  // Database
  DATABASE_URL: postgresUrl(),
  MIGRATION_DATABASE_URL: postgresUrl(),
  LIKENESS_PG_PORT: port(54329),
  TEST_DATABASE_URL: postgresUrl(),

  // Files, keys and blob storage
  LIKENESS_DATA_DIR: text(),
  LIKENESS_STORAGE_DIR: text(),
  LIKENESS_MASTER_KEY: matching(/^[0-9a-f]{64}$/i, "64 hex characters (32 bytes)"),
  LIKENESS_S3_BUCKET: text(),
  LIKENESS_S3_ENDPOINT: httpUrl(),
  LIKENESS_S3_REGION: text(),
  LIKENESS_S3_ACCESS_KEY_ID: text(),
  LIKENESS_S3_SECRET_ACCESS_KEY: text(),
  LIKENESS_S3_FORCE_PATH_STYLE: flag(false),
  LIKENESS_AUDIT_ANCHOR_FILE: text(),
  LIKENESS_AUDIT_ANCHOR_MINUTES: wholeNumber(10),
  C2PA_SIGNING_KEY_FILE: text(),
  C2PA_CERT_CHAIN_FILE: text(),
  C2PA_TRUST_ANCHORS_FILE: text(),

  // Uploads, gates, limits, retention
  LIKENESS_PHOTO_MAX_BYTES: wholeNumber(15 * 1024 * 1024),
  LIKENESS_PHOTO_MAX_PIXELS: wholeNumber(40_000_000),
  LIKENESS_FOOTAGE_MAX_BYTES: wholeNumber(500 * 1024 * 1024),
  LIKENESS_RELEASE_MAX_BYTES: wholeNumber(20 * 1024 * 1024),
  LIKENESS_CONSENT_VIDEO_MAX_BYTES: wholeNumber(60 * 1024 * 1024),
  LIKENESS_MIN_USABLE_PHOTOS: wholeNumber(3),
  LIKENESS_SIGN_UPS_PER_HOUR: wholeNumber(20),
  LIKENESS_RETAIN_AFTER_CONSENT_DAYS: wholeNumber(30),
  LIKENESS_RETAIN_FOOTAGE_DAYS: wholeNumber(90),

  // Payments
  STRIPE_SECRET_KEY: text(),
  STRIPE_WEBHOOK_SECRET: text(),
  STRIPE_API_HOST: text(),
  STRIPE_API_PORT: optionalWholeNumber(1, 65535),
  STRIPE_API_PROTOCOL: oneOf(["https", "http"], "https"),
  LIKENESS_LOCAL_PAYMENT_SECRET: text(),
  LIKENESS_PLATFORM_FEE_PERCENT: percent(20),

  // Renders and base models
  LIKENESS_RENDER_PRESET: oneOf(["auto", ...RENDER_PRESETS], "auto"),
  LIKENESS_RENDER_MAX_PRESET: oneOf(RENDER_PRESETS, "tiny"),
  LIKENESS_RENDER_STEPS: wholeNumber(300),
  LIKENESS_DOWNLOAD_LINK_MINUTES: wholeNumber(10),
  LIKENESS_RENDER_STALE_SECONDS: wholeNumber(60),
  LIKENESS_BASE_MODEL_STEPS: wholeNumber(200),
  LIKENESS_FACE_POOL_DIR: text(),
  LIKENESS_DETECT_WORKERS: optionalWholeNumber(1, 64),
});

export type Env = z.infer<typeof envSchema>;
export type EnvName = keyof Env;
export const ENV_NAMES = Object.keys(envSchema.shape) as EnvName[];

/** Values never repeated in an error message. */
const SECRETS: ReadonlySet<EnvName> = new Set<EnvName>([
  "NEXTAUTH_SECRET",
  "LIKENESS_MASTER_KEY",
  "LIKENESS_S3_SECRET_ACCESS_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "LIKENESS_LOCAL_PAYMENT_SECRET",
  "LIKENESS_DEMO_PASSWORD",
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "TEST_DATABASE_URL",
]);

/** Rules between variables, checked by the accessors that read them and by checkConfig(). */
const CROSS_CHECKS: Array<{ names: EnvName[]; problem: (env: Partial<Env>) => string | null }> = [
  {
    names: ["LIKENESS_S3_ACCESS_KEY_ID", "LIKENESS_S3_SECRET_ACCESS_KEY"],
    problem: (e) =>
      Boolean(e.LIKENESS_S3_ACCESS_KEY_ID) !== Boolean(e.LIKENESS_S3_SECRET_ACCESS_KEY)
        ? "Set both LIKENESS_S3_ACCESS_KEY_ID and LIKENESS_S3_SECRET_ACCESS_KEY, or neither (the AWS default credential chain)"
        : null,
  },
  {
    names: ["C2PA_SIGNING_KEY_FILE", "C2PA_CERT_CHAIN_FILE"],
    problem: (e) =>
      Boolean(e.C2PA_SIGNING_KEY_FILE) !== Boolean(e.C2PA_CERT_CHAIN_FILE)
        ? "Set both C2PA_SIGNING_KEY_FILE and C2PA_CERT_CHAIN_FILE, or neither"
        : null,
  },
  {
    names: ["DATABASE_URL", "MIGRATION_DATABASE_URL"],
    problem: (e) =>
      e.MIGRATION_DATABASE_URL && !e.DATABASE_URL
        ? "MIGRATION_DATABASE_URL is set but DATABASE_URL is not: set DATABASE_URL to the application's role on the same database"
        : null,
  },
];

/** An invalid environment: `problems` has one line per variable, each starting with its name. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

type Source = Readonly<Record<string, string | undefined>>;

const picked = new Map<string, z.ZodType>();

function parse<K extends EnvName>(names: readonly K[], source: Source): Pick<Env, K> {
  const key = names.join(",");
  let schema = picked.get(key);
  if (!schema) {
    schema = envSchema.pick(Object.fromEntries(names.map((n) => [n, true])) as Record<EnvName, true>) as z.ZodType;
    picked.set(key, schema);
  }
  const raw: Record<string, string | undefined> = {};
  for (const n of names) raw[n] = source[n];
  const result = schema.safeParse(raw);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0]) as EnvName;
      const value = raw[name];
      problems.push(`${name} ${issue.message}, got ${SECRETS.has(name) ? "a value (not shown)" : JSON.stringify(value)}`);
    }
  }
  const env = (result.success ? result.data : {}) as Pick<Env, K>;
  if (result.success) {
    for (const check of CROSS_CHECKS) {
      if (!check.names.every((n) => (names as readonly EnvName[]).includes(n))) continue;
      const problem = check.problem(env as Partial<Env>);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return env;
}

/** Some variables, parsed (defaults applied); throws ConfigError naming each invalid one. */
export function readEnv<K extends EnvName>(names: readonly K[], source: Source = process.env): Pick<Env, K> {
  return parse(names, source);
}

/** Every variable, parsed: run at start so a bad value stops the platform at once, all problems listed. */
export function checkConfig(source: Source = process.env): Env {
  return parse(ENV_NAMES, source);
}

// ---- what the platform asks for ----------------------------------------------

/** Folder for the embedded database, blobs and keys (git-ignored). */
export function dataDir(): string {
  return path.resolve(ROOT, readEnv(["LIKENESS_DATA_DIR"]).LIKENESS_DATA_DIR ?? ".data");
}

export function storageDir(): string {
  const dir = readEnv(["LIKENESS_STORAGE_DIR"]).LIKENESS_STORAGE_DIR;
  // A run-time folder for stored files, never source: Turbopack must not trace it (it warned that the whole project would be).
  return path.resolve(/*turbopackIgnore: true*/ dir ?? path.join(dataDir(), "blobs"));
}

/**
 * Signed anchors of the audit chain (lib/audit/anchors.ts): the append-only
 * JSON-lines file they are also written to (keep it, or a copy, where the
 * database's users cannot rewrite it), and how often the worker publishes one.
 */
export const auditAnchorConfig = () => {
  const e = readEnv(["LIKENESS_AUDIT_ANCHOR_FILE", "LIKENESS_AUDIT_ANCHOR_MINUTES"]);
  return {
    file: path.resolve(/*turbopackIgnore: true*/ e.LIKENESS_AUDIT_ANCHOR_FILE || path.join(storageDir(), "audit", "anchors.jsonl")),
    everyMinutes: e.LIKENESS_AUDIT_ANCHOR_MINUTES,
  };
};

export const uploadLimits = () => {
  const e = readEnv([
    "LIKENESS_PHOTO_MAX_BYTES",
    "LIKENESS_PHOTO_MAX_PIXELS",
    "LIKENESS_FOOTAGE_MAX_BYTES",
    "LIKENESS_RELEASE_MAX_BYTES",
    "LIKENESS_CONSENT_VIDEO_MAX_BYTES",
  ]);
  return {
    /** Reference photos of a likeness set. */
    photoMaxBytes: e.LIKENESS_PHOTO_MAX_BYTES,
    photoMaxPixels: e.LIKENESS_PHOTO_MAX_PIXELS,
    /** Target footage (video or still) and release documents. */
    footageMaxBytes: e.LIKENESS_FOOTAGE_MAX_BYTES,
    releaseMaxBytes: e.LIKENESS_RELEASE_MAX_BYTES,
    /** The "Verify it's you" consent video (about 10 s from the browser's recorder: a few MB). */
    consentVideoMaxBytes: e.LIKENESS_CONSENT_VIDEO_MAX_BYTES,
  };
};

/**
 * Gates before licensing (lib/licensing/gates.ts): a profile publishes offers,
 * and its offers take requests, only with at least this many usable photos in
 * its likeness set.
 */
export const licensingConfig = () => ({
  minUsablePhotos: readEnv(["LIKENESS_MIN_USABLE_PHOTOS"]).LIKENESS_MIN_USABLE_PHOTOS,
});

/**
 * Accounts created per client address (/64 for IPv6) and hour (lib/rate-limit):
 * sign-up answers the same whether an email is taken or not, and this bounds
 * how many emails one address can try.
 */
export const signUpLimit = () => ({ perAddressHour: readEnv(["LIKENESS_SIGN_UPS_PER_HOUR"]).LIKENESS_SIGN_UPS_PER_HOUR });

export const retentionDays = () => {
  const e = readEnv(["LIKENESS_RETAIN_AFTER_CONSENT_DAYS", "LIKENESS_RETAIN_FOOTAGE_DAYS"]);
  return {
    /** Likeness photos are destroyed this many days after consent ends (revoked or expired). */
    afterConsentEnds: e.LIKENESS_RETAIN_AFTER_CONSENT_DAYS,
    /** Studio target footage is destroyed this many days after its request closes. */
    footageAfterClose: e.LIKENESS_RETAIN_FOOTAGE_DAYS,
  };
};

/** Payments: Stripe when STRIPE_SECRET_KEY is set, otherwise the local test provider. */
export const paymentConfig = () => {
  const e = readEnv([
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_HOST",
    "STRIPE_API_PORT",
    "STRIPE_API_PROTOCOL",
    "LIKENESS_PLATFORM_FEE_PERCENT",
  ]);
  return {
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    /** Only for tests against a local server that answers like Stripe's API. */
    stripeApiHost: e.STRIPE_API_HOST,
    stripeApiPort: e.STRIPE_API_PORT,
    stripeApiProtocol: e.STRIPE_API_PROTOCOL,
    /** The platform's share of every delivered order, in percent. */
    platformFeePercent: e.LIKENESS_PLATFORM_FEE_PERCENT,
  };
};

/** Secrets that sign things: sessions (next-auth) and the local test-payment events. */
export const secretsConfig = () => {
  const e = readEnv(["NEXTAUTH_SECRET", "LIKENESS_LOCAL_PAYMENT_SECRET"]);
  return { nextAuthSecret: e.NEXTAUTH_SECRET, localPaymentSecret: e.LIKENESS_LOCAL_PAYMENT_SECRET };
};

/** LIKENESS_MASTER_KEY as 32 bytes, or undefined (lib/storage/master-key.ts then uses the generated file). */
export function masterKeyFromEnv(): Buffer | undefined {
  const hex = readEnv(["LIKENESS_MASTER_KEY"]).LIKENESS_MASTER_KEY;
  return hex ? Buffer.from(hex, "hex") : undefined;
}

/** The web server's port. */
export function webPort(): number {
  return readEnv(["PORT"]).PORT;
}

/** The public URL of the site (links in checkout redirects and e-mails). */
export function publicBaseUrl(): string {
  const e = readEnv(["NEXTAUTH_URL", "PORT"]);
  return (e.NEXTAUTH_URL || `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** How many reverse proxies in front of the web server append to X-Forwarded-For (lib/http/client-address.ts). */
export function trustedProxies(): number {
  return readEnv(["LIKENESS_TRUSTED_PROXIES"]).LIKENESS_TRUSTED_PROXIES;
}

/**
 * PostgreSQL: the application's connection (DATABASE_URL), the owner's for
 * migrations (MIGRATION_DATABASE_URL), the embedded server's port when neither
 * is set, and the server integration tests may create databases on.
 */
export function databaseConfig() {
  const e = readEnv(["DATABASE_URL", "MIGRATION_DATABASE_URL", "LIKENESS_PG_PORT", "TEST_DATABASE_URL"]);
  return { url: e.DATABASE_URL, migrationUrl: e.MIGRATION_DATABASE_URL, embeddedPort: e.LIKENESS_PG_PORT, testUrl: e.TEST_DATABASE_URL };
}

/** Password of the seeded demo accounts. */
export function demoPassword(): string {
  return readEnv(["LIKENESS_DEMO_PASSWORD"]).LIKENESS_DEMO_PASSWORD || "likeness-demo-2026";
}

/** C2PA signing material (lib/provenance/c2pa): the key and certificate chain files, and extra trust anchors. */
export function c2paFiles(source: Source = process.env) {
  const e = readEnv(["C2PA_SIGNING_KEY_FILE", "C2PA_CERT_CHAIN_FILE", "C2PA_TRUST_ANCHORS_FILE"], source);
  return { signingKeyFile: e.C2PA_SIGNING_KEY_FILE, certChainFile: e.C2PA_CERT_CHAIN_FILE, trustAnchorsFile: e.C2PA_TRUST_ANCHORS_FILE };
}

/**
 * Renders: model preset and training steps per order, and how long a download
 * link lives. The preset is "auto" by default: the engine picks the smallest
 * preset whose painted face covers the performer's face in the footage, up to
 * `maxPreset`, the largest this deployment's workers can train in reasonable
 * time (tiny on CPU workers; set large on GPU workers).
 */
export const renderConfig = () => {
  const e = readEnv([
    "LIKENESS_RENDER_PRESET",
    "LIKENESS_RENDER_MAX_PRESET",
    "LIKENESS_RENDER_STEPS",
    "LIKENESS_DOWNLOAD_LINK_MINUTES",
    "LIKENESS_RENDER_STALE_SECONDS",
  ]);
  return {
    preset: e.LIKENESS_RENDER_PRESET,
    maxPreset: e.LIKENESS_RENDER_MAX_PRESET,
    steps: e.LIKENESS_RENDER_STEPS,
    downloadLinkMinutes: e.LIKENESS_DOWNLOAD_LINK_MINUTES,
    /**
     * A running render whose worker wrote no heartbeat for this long is handed to
     * another worker. Long enough for one blocking training step of a large
     * preset on a CPU (the heartbeat timer cannot fire during it).
     */
    staleAfterSeconds: e.LIKENESS_RENDER_STALE_SECONDS,
  };
};

/**
 * Talent base models (lib/talent-models): training steps, and the pool of
 * other people's faces trained on decoder A. Unset pool folder: the
 * public-domain photos of ml/faces/public-face-pool.ts in .data/fixtures/photos
 * (fetched by `npm run fixtures`, and by the first `npm start` that seeds the demo).
 */
export const talentModelConfig = () => {
  const render = renderConfig();
  const e = readEnv(["LIKENESS_BASE_MODEL_STEPS", "LIKENESS_FACE_POOL_DIR"]);
  return {
    /** The largest preset a render may use: a base model helps only the render of its own preset. */
    preset: render.preset === "auto" ? render.maxPreset : render.preset,
    steps: e.LIKENESS_BASE_MODEL_STEPS,
    facePoolDir: e.LIKENESS_FACE_POOL_DIR ? path.resolve(e.LIKENESS_FACE_POOL_DIR) : undefined,
    fixturesDir: path.join(ROOT, ".data", "fixtures", "photos"),
  };
};

export type S3Settings = {
  bucket: string;
  /** Unset: AWS's own endpoint for the region. */
  endpoint: string | undefined;
  region: string;
  /** Unset (both): the AWS SDK's default credential chain (instance role, ~/.aws, ...). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Path-style URLs (http://host/bucket/key), which MinIO and most S3-compatible servers want. */
  forcePathStyle: boolean;
};

/** Blob storage: S3-compatible when LIKENESS_S3_BUCKET is set, otherwise the local folder (storageDir()). */
export function s3Settings(): S3Settings | null {
  const e = readEnv([
    "LIKENESS_S3_BUCKET",
    "LIKENESS_S3_ENDPOINT",
    "LIKENESS_S3_REGION",
    "LIKENESS_S3_ACCESS_KEY_ID",
    "LIKENESS_S3_SECRET_ACCESS_KEY",
    "LIKENESS_S3_FORCE_PATH_STYLE",
  ]);
  if (!e.LIKENESS_S3_BUCKET) return null;
  const accessKeyId = e.LIKENESS_S3_ACCESS_KEY_ID;
  const secretAccessKey = e.LIKENESS_S3_SECRET_ACCESS_KEY;
  return {
    bucket: e.LIKENESS_S3_BUCKET,
    endpoint: e.LIKENESS_S3_ENDPOINT,
    region: e.LIKENESS_S3_REGION || "us-east-1",
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: e.LIKENESS_S3_FORCE_PATH_STYLE,
  };
}

/**
 * Worker threads that read watermarks for /verify uploads (lib/watermark/detection-pool.ts).
 * Unset: one per core but one (left for the event loop), at least one.
 */
export function detectWorkers(): number {
  return readEnv(["LIKENESS_DETECT_WORKERS"]).LIKENESS_DETECT_WORKERS ?? Math.max(1, availableParallelism() - 1);
}
