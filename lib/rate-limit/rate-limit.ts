import type { Db, Tx } from "@/lib/db/client";

// The one rate limiter: fixed-window counters in PostgreSQL (RateLimitWindow),
// so every web instance counts against the same row and N instances allow the
// same rate as one. A hit is one atomic upsert (INSERT ... ON CONFLICT DO
// UPDATE): no read-modify-write race between instances, one round trip.
// Windows are aligned on the database's clock, which all instances share.

export type RateDecision = { ok: boolean; limit: number; remaining: number; resetSeconds: number };
export type RateLimit = { limit: number; windowMs: number };

/** One in this many hits also sweeps expired rows (keeps the table to the keys seen lately). */
const SWEEP_EVERY = 500;

/**
 * Counts one hit (or `cost`) for `key` in the current window and says whether
 * it is within `limit`. `now` is for tests; by default the database's clock.
 */
export async function consumeRateLimit(
  db: Db | Tx,
  opts: RateLimit & { key: string; cost?: number; now?: Date },
): Promise<RateDecision & { count: number }> {
  const ms = opts.windowMs;
  const rows = await db.$queryRaw<{ count: number; expiresAt: Date }[]>`
    WITH t AS (SELECT to_timestamp(floor(extract(epoch FROM COALESCE(${opts.now ?? null}::timestamptz, clock_timestamp())) * 1000 / ${ms}) * ${ms} / 1000.0) AS start)
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count", "expiresAt")
    SELECT ${opts.key}, t.start, ${opts.cost ?? 1}, t.start + make_interval(secs => ${ms} / 1000.0) FROM t
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitWindow"."windowStart" = EXCLUDED."windowStart"
                     THEN "RateLimitWindow"."count" + EXCLUDED."count" ELSE EXCLUDED."count" END,
      "windowStart" = EXCLUDED."windowStart",
      "expiresAt" = EXCLUDED."expiresAt"
    RETURNING "count", "expiresAt"`;
  const { count, expiresAt } = rows[0]!;
  // Not inside a caller's transaction: the sweep would run after it, or hold its locks.
  if ("$transaction" in db && Math.random() * SWEEP_EVERY < 1) void sweepRateLimits(db).catch(() => undefined);
  const now = opts.now?.getTime() ?? Date.now();
  return {
    ok: count <= opts.limit,
    count,
    limit: opts.limit,
    remaining: Math.max(0, opts.limit - count),
    resetSeconds: Math.max(1, Math.ceil((expiresAt.getTime() - now) / 1000)),
  };
}

/** Forgets a key's window (a successful sign-in clears its failures). */
export async function clearRateLimit(db: Db | Tx, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "key" = ${key}`;
}

/**
 * Locks `key` for `ms` from now. Answers true when this call started the lock
 * (it was not locked), so that exactly one caller records it, however many
 * instances race.
 */
export async function startLock(db: Db | Tx, key: string, ms: number): Promise<{ started: boolean; until: Date }> {
  const rows = await db.$queryRaw<{ expiresAt: Date }[]>`
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, clock_timestamp(), 1, clock_timestamp() + make_interval(secs => ${ms} / 1000.0))
    ON CONFLICT ("key") DO UPDATE SET "windowStart" = EXCLUDED."windowStart", "count" = 1, "expiresAt" = EXCLUDED."expiresAt"
      WHERE "RateLimitWindow"."expiresAt" <= EXCLUDED."windowStart"
    RETURNING "expiresAt"`;
  if (rows[0]) return { started: true, until: rows[0].expiresAt };
  const [held] = await db.$queryRaw<{ expiresAt: Date }[]>`SELECT "expiresAt" FROM "RateLimitWindow" WHERE "key" = ${key}`;
  return { started: false, until: held?.expiresAt ?? new Date() };
}

/** The latest end among the locks of `keys` still in force, or null when none is. */
export async function lockedUntil(db: Db | Tx, keys: string[]): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ until: Date | null }[]>`
    SELECT max("expiresAt") AS until FROM "RateLimitWindow" WHERE "key" = ANY(${keys}) AND "expiresAt" > clock_timestamp()`;
  return row?.until ?? null;
}

/** Deletes rows whose window or lock has ended. */
export async function sweepRateLimits(db: Db | Tx): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "expiresAt" < clock_timestamp() - interval '1 minute'`;
}
