import path from "node:path";

// Every environment variable the platform reads is parsed here (and listed in
// the README's configuration table).

// import.meta.dirname is undefined once Next.js bundles this module; the server
// then runs from the project root, so the working directory is the fallback.
const ROOT = import.meta.dirname ? path.resolve(import.meta.dirname, "..") : process.cwd();

/** Folder for the embedded database, blobs and keys (git-ignored). */
export function dataDir(): string {
  return path.resolve(ROOT, process.env.LIKENESS_DATA_DIR ?? ".data");
}

export function storageDir(): string {
  // A run-time folder for stored files, never source: Turbopack must not trace it (it warned that the whole project would be).
  return path.resolve(/*turbopackIgnore: true*/ process.env.LIKENESS_STORAGE_DIR ?? path.join(dataDir(), "blobs"));
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

export const uploadLimits = () => ({
  /** Reference photos of a likeness set. */
  photoMaxBytes: intEnv("LIKENESS_PHOTO_MAX_BYTES", 15 * 1024 * 1024),
  photoMaxPixels: intEnv("LIKENESS_PHOTO_MAX_PIXELS", 40_000_000),
  /** Target footage (video or still) and release documents. */
  footageMaxBytes: intEnv("LIKENESS_FOOTAGE_MAX_BYTES", 500 * 1024 * 1024),
  releaseMaxBytes: intEnv("LIKENESS_RELEASE_MAX_BYTES", 20 * 1024 * 1024),
  /** The "Verify it's you" consent video (about 10 s from the browser's recorder: a few MB). */
  consentVideoMaxBytes: intEnv("LIKENESS_CONSENT_VIDEO_MAX_BYTES", 60 * 1024 * 1024),
});

/**
 * Gates before licensing (lib/licensing/gates.ts): a profile publishes offers,
 * and its offers take requests, only with at least this many usable photos in
 * its likeness set.
 */
export const licensingConfig = () => ({
  minUsablePhotos: intEnv("LIKENESS_MIN_USABLE_PHOTOS", 3),
});

/**
 * Accounts created per client address (/64 for IPv6) and hour (lib/rate-limit):
 * sign-up answers the same whether an email is taken or not, and this bounds
 * how many emails one address can try.
 */
export const signUpLimit = () => ({ perAddressHour: intEnv("LIKENESS_SIGN_UPS_PER_HOUR", 20) });

export const retentionDays = () => ({
  /** Likeness photos are destroyed this many days after consent ends (revoked or expired). */
  afterConsentEnds: intEnv("LIKENESS_RETAIN_AFTER_CONSENT_DAYS", 30),
  /** Studio target footage is destroyed this many days after its request closes. */
  footageAfterClose: intEnv("LIKENESS_RETAIN_FOOTAGE_DAYS", 90),
});

function percentEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new Error(`${name} must be a percentage from 0 to 100, got "${raw}"`);
  return n;
}

/** Payments: Stripe when STRIPE_SECRET_KEY is set, otherwise the local test provider. */
export const paymentConfig = () => ({
  stripeSecretKey: process.env.STRIPE_SECRET_KEY || undefined,
  stripeWebhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined,
  /** Only for tests against a local server that answers like Stripe's API. */
  stripeApiHost: process.env.STRIPE_API_HOST || undefined,
  stripeApiPort: process.env.STRIPE_API_PORT ? intEnv("STRIPE_API_PORT", 443) : undefined,
  stripeApiProtocol: (process.env.STRIPE_API_PROTOCOL === "http" ? "http" : "https") as "http" | "https",
  /** The platform's share of every delivered order, in percent. */
  platformFeePercent: percentEnv("LIKENESS_PLATFORM_FEE_PERCENT", 20),
});

/** The public URL of the site (links in checkout redirects and e-mails). */
export function publicBaseUrl(): string {
  return (process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/**
 * Renders: model preset and training steps per order, and how long a download
 * link lives. The preset is "auto" by default: the engine picks the smallest
 * preset whose painted face covers the performer's face in the footage, up to
 * `maxPreset`, the largest this deployment's workers can train in reasonable
 * time (tiny on CPU workers; set large on GPU workers).
 */
export const renderConfig = () => ({
  preset: process.env.LIKENESS_RENDER_PRESET || "auto",
  maxPreset: process.env.LIKENESS_RENDER_MAX_PRESET || "tiny",
  steps: intEnv("LIKENESS_RENDER_STEPS", 300),
  downloadLinkMinutes: intEnv("LIKENESS_DOWNLOAD_LINK_MINUTES", 10),
  /**
   * A running render whose worker wrote no heartbeat for this long is handed to
   * another worker. Long enough for one blocking training step of a large
   * preset on a CPU (the heartbeat timer cannot fire during it).
   */
  staleAfterSeconds: intEnv("LIKENESS_RENDER_STALE_SECONDS", 60),
});

/**
 * Talent base models (lib/talent-models): training steps, and the pool of
 * other people's faces trained on decoder A. Unset pool folder: the
 * public-domain photos of ml/faces/public-face-pool.ts in .data/fixtures/photos
 * (fetched by `npm run fixtures`, and by the first `npm start` that seeds the demo).
 */
export const talentModelConfig = () => ({
  /** The largest preset a render may use: a base model helps only the render of its own preset. */
  preset: renderConfig().preset === "auto" ? renderConfig().maxPreset : renderConfig().preset,
  steps: intEnv("LIKENESS_BASE_MODEL_STEPS", 200),
  facePoolDir: process.env.LIKENESS_FACE_POOL_DIR ? path.resolve(process.env.LIKENESS_FACE_POOL_DIR) : undefined,
  fixturesDir: path.join(ROOT, ".data", "fixtures", "photos"),
});

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

function boolEnv(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes"].includes(raw)) return true;
  if (["0", "false", "no"].includes(raw)) return false;
  throw new Error(`${name} must be 1/true or 0/false, got "${process.env[name]}"`);
}

/** Blob storage: S3-compatible when LIKENESS_S3_BUCKET is set, otherwise the local folder (storageDir()). */
export function s3Settings(): S3Settings | null {
  const bucket = process.env.LIKENESS_S3_BUCKET?.trim();
  if (!bucket) return null;
  const endpoint = process.env.LIKENESS_S3_ENDPOINT?.trim() || undefined;
  if (endpoint && !/^https?:\/\/[^/]/.test(endpoint)) {
    throw new Error(`LIKENESS_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  }
  const accessKeyId = process.env.LIKENESS_S3_ACCESS_KEY_ID?.trim() || undefined;
  const secretAccessKey = process.env.LIKENESS_S3_SECRET_ACCESS_KEY?.trim() || undefined;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error("Set both LIKENESS_S3_ACCESS_KEY_ID and LIKENESS_S3_SECRET_ACCESS_KEY, or neither (the AWS default credential chain)");
  }
  return {
    bucket,
    endpoint,
    region: process.env.LIKENESS_S3_REGION?.trim() || "us-east-1",
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: boolEnv("LIKENESS_S3_FORCE_PATH_STYLE", false),
  };
}
