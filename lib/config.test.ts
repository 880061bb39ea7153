import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "@/ml/model/presets";
import { checkConfig, ConfigError, ENV_NAMES, readEnv, RENDER_PRESETS, s3Settings, storageDir, uploadLimits } from "./config";

const ROOT = path.resolve(import.meta.dirname, "..");

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("the configuration schema", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("gives the documented defaults for an empty environment", () => {
    const env = checkConfig({});
    expect(env).toMatchObject({
      PORT: 3000,
      LIKENESS_PG_PORT: 54329,
      LIKENESS_TRUSTED_PROXIES: 0,
      LIKENESS_PHOTO_MAX_BYTES: 15 * 1024 * 1024,
      LIKENESS_FOOTAGE_MAX_BYTES: 500 * 1024 * 1024,
      LIKENESS_MIN_USABLE_PHOTOS: 3,
      LIKENESS_SIGN_UPS_PER_HOUR: 20,
      LIKENESS_RETAIN_AFTER_CONSENT_DAYS: 30,
      LIKENESS_RETAIN_FOOTAGE_DAYS: 90,
      LIKENESS_PLATFORM_FEE_PERCENT: 20,
      LIKENESS_RENDER_PRESET: "auto",
      LIKENESS_RENDER_MAX_PRESET: "tiny",
      LIKENESS_RENDER_STEPS: 300,
      LIKENESS_BASE_MODEL_STEPS: 200,
      LIKENESS_S3_FORCE_PATH_STYLE: false,
      STRIPE_API_PROTOCOL: "https",
      LIKENESS_AUDIT_ANCHOR_MINUTES: 10,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.STRIPE_API_PORT).toBeUndefined();
    expect(env.LIKENESS_MASTER_KEY).toBeUndefined();
  });

  it("treats an empty or blank variable as unset", () => {
    expect(readEnv(["PORT", "LIKENESS_S3_BUCKET"], { PORT: "", LIKENESS_S3_BUCKET: "  " })).toEqual({
      PORT: 3000,
      LIKENESS_S3_BUCKET: undefined,
    });
  });

  it("parses the values it is given", () => {
    expect(
      readEnv(["PORT", "LIKENESS_PLATFORM_FEE_PERCENT", "LIKENESS_S3_FORCE_PATH_STYLE", "LIKENESS_RENDER_PRESET", "STRIPE_API_PORT"], {
        PORT: "8080",
        LIKENESS_PLATFORM_FEE_PERCENT: "12.5",
        LIKENESS_S3_FORCE_PATH_STYLE: "yes",
        LIKENESS_RENDER_PRESET: "large",
        STRIPE_API_PORT: "12111",
      }),
    ).toEqual({
      PORT: 8080,
      LIKENESS_PLATFORM_FEE_PERCENT: 12.5,
      LIKENESS_S3_FORCE_PATH_STYLE: true,
      LIKENESS_RENDER_PRESET: "large",
      STRIPE_API_PORT: 12111,
    });
  });

  it.each([
    ["PORT", "eighty", /^PORT must be a whole number from 1 to 65535, got "eighty"$/],
    ["PORT", "70000", /^PORT must be a whole number from 1 to 65535/],
    ["LIKENESS_RENDER_STEPS", "0", /^LIKENESS_RENDER_STEPS must be a positive integer, got "0"$/],
    ["LIKENESS_PHOTO_MAX_BYTES", "1.5", /^LIKENESS_PHOTO_MAX_BYTES must be a positive integer/],
    ["LIKENESS_TRUSTED_PROXIES", "11", /^LIKENESS_TRUSTED_PROXIES must be a whole number from 0 to 10/],
    ["LIKENESS_PLATFORM_FEE_PERCENT", "120", /^LIKENESS_PLATFORM_FEE_PERCENT must be a percentage from 0 to 100/],
    ["LIKENESS_S3_FORCE_PATH_STYLE", "maybe", /^LIKENESS_S3_FORCE_PATH_STYLE must be 1\/true\/yes or 0\/false\/no/],
    ["LIKENESS_RENDER_PRESET", "huge", /^LIKENESS_RENDER_PRESET must be one of auto, tiny, small, original, large, got "huge"$/],
    ["STRIPE_API_PROTOCOL", "ftp", /^STRIPE_API_PROTOCOL must be one of https, http/],
    ["LIKENESS_S3_ENDPOINT", "minio:9000", /^LIKENESS_S3_ENDPOINT must be an http\(s\) URL/],
    ["NEXTAUTH_URL", "example.com", /^NEXTAUTH_URL must be an http\(s\) URL/],
  ] as const)("%s=%s is refused with the variable's name", (name, value, message) => {
    const problems = problemsOf(() => checkConfig({ [name]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it("never repeats a secret's value in the error", () => {
    const problems = problemsOf(() => checkConfig({ LIKENESS_MASTER_KEY: "not-hex-secret", DATABASE_URL: "mysql://root:hunter2@db/x" }));
    expect(problems).toEqual([
      "DATABASE_URL must be a PostgreSQL URL (postgresql://user:password@host:port/database), got a value (not shown)",
      "LIKENESS_MASTER_KEY must be 64 hex characters (32 bytes), got a value (not shown)",
    ]);
    expect(problems.join("\n")).not.toMatch(/hunter2|not-hex-secret/);
  });

  it("lists every invalid variable at once, one line each", () => {
    const err = (() => {
      try {
        checkConfig({ PORT: "x", LIKENESS_RENDER_STEPS: "-1", LIKENESS_DATA_DIR: "/fine" });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err?.problems.map((p) => p.split(" ")[0])).toEqual(["PORT", "LIKENESS_RENDER_STEPS"]);
    expect(err?.message).toMatch(/^Invalid configuration:\n {2}PORT .*\n {2}LIKENESS_RENDER_STEPS /);
  });

  it("checks rules between variables", () => {
    expect(problemsOf(() => checkConfig({ LIKENESS_S3_ACCESS_KEY_ID: "AKIA" }))).toEqual([
      "Set both LIKENESS_S3_ACCESS_KEY_ID and LIKENESS_S3_SECRET_ACCESS_KEY, or neither (the AWS default credential chain)",
    ]);
    expect(problemsOf(() => checkConfig({ MIGRATION_DATABASE_URL: "postgresql://owner@db/x" }))[0]).toMatch(
      /^MIGRATION_DATABASE_URL is set but DATABASE_URL is not/,
    );
  });

  it("accessors read the environment when called, not when imported", () => {
    vi.stubEnv("LIKENESS_STORAGE_DIR", "/tmp/blobs-a");
    expect(storageDir()).toBe("/tmp/blobs-a");
    vi.stubEnv("LIKENESS_STORAGE_DIR", "/tmp/blobs-b");
    expect(storageDir()).toBe("/tmp/blobs-b");
    vi.stubEnv("LIKENESS_PHOTO_MAX_BYTES", "1024");
    expect(uploadLimits().photoMaxBytes).toBe(1024);
    vi.stubEnv("LIKENESS_PHOTO_MAX_BYTES", "lots");
    expect(() => uploadLimits()).toThrow(/LIKENESS_PHOTO_MAX_BYTES must be a positive integer, got "lots"/);
    vi.stubEnv("LIKENESS_S3_BUCKET", "media");
    vi.stubEnv("LIKENESS_S3_SECRET_ACCESS_KEY", "s3cr3t");
    expect(() => s3Settings()).toThrow(/Set both LIKENESS_S3_ACCESS_KEY_ID and LIKENESS_S3_SECRET_ACCESS_KEY/);
  });

  it("knows the engine's render presets", () => {
    expect([...RENDER_PRESETS].sort()).toEqual(Object.keys(PRESETS).sort());
  });
});

describe("the README's configuration table", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const documented = new Set(
    [...readme.matchAll(/^\| (`[A-Z0-9_]+`(?: \/ `[A-Z0-9_]+`)*) \|/gm)].flatMap((m) =>
      [...m[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((n) => n[1]!),
    ),
  );

  it("lists every variable of the schema", () => {
    expect(ENV_NAMES.filter((n) => !documented.has(n))).toEqual([]);
  });

  it("lists every variable ml/ reads on its own", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
      });
    const read = new Set(
      files(path.join(ROOT, "ml")).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1]!)),
    );
    expect(read.size).toBeGreaterThan(3);
    expect([...read].filter((n) => !documented.has(n))).toEqual([]);
  });
});
