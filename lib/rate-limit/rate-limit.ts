import type { Db, Tx } from "@/lib/db/client";
import { microBatch, perClient } from "@/lib/db/micro-batch";

// The one rate limiter: fixed-window counters in PostgreSQL (RateLimitWindow),
// so every web instance counts against the same row and N instances allow the
// same rate as one. A hit is one atomic upsert (INSERT ... ON CONFLICT DO
// UPDATE): no read-modify-write race between instances, one round trip.
// Windows are aligned on the database's clock, which all instances share.

export type RateDecision = { ok: boolean; limit: number; remaining: number; resetSeconds: number };
export type RateLimit = { limit: number; windowMs: number };

/** One in this many hits also sweeps expired rows (keeps the table to the keys seen lately). */
const SWEEP_EVERY = 500;

type Hit = RateLimit & { key: string; cost?: number };

/**
 * Counts one hit (or `cost`) for `key` in the current window and says whether
 * it is within `limit`. `now` is for tests; by default the database's clock.
 */
export async function consumeRateLimit(db: Db | Tx, opts: Hit & { now?: Date }): Promise<RateDecision & { count: number }> {
  return (await consumeRateLimits(db, [opts], opts.now))[0]!;
}

/**
 * consumeRateLimit for many hits in one statement, each answered as if the
 * hits had come one after the other in this order (two hits on one key: the
 * second sees the first's count). The keys are written in sorted order, so
 * two instances' batches over the same keys cannot deadlock.
 */
export async function consumeRateLimits(db: Db | Tx, hits: readonly Hit[], now?: Date): Promise<Array<RateDecision & { count: number }>> {
  if (hits.length === 0) return [];
  // ON CONFLICT cannot touch one row twice in a statement: one row per key, its hits summed.
  const byKey = new Map<string, { cost: number; windowMs: number }>();
  for (const h of hits) {
    const seen = byKey.get(h.key);
    if (seen && seen.windowMs !== h.windowMs) throw new Error(`rate limit key ${h.key} used with two windows`);
    byKey.set(h.key, { cost: (seen?.cost ?? 0) + (h.cost ?? 1), windowMs: h.windowMs });
  }
  const keys = [...byKey.keys()].sort();
  const rows = await db.$queryRaw<{ key: string; count: number; expiresAt: Date }[]>`
    WITH h AS (
      SELECT * FROM unnest(${keys}::text[], ${keys.map((k) => byKey.get(k)!.cost)}::int[], ${keys.map((k) => byKey.get(k)!.windowMs)}::float8[])
        AS h("key", "cost", "ms")
    ), t AS (
      SELECT h."key", h."cost", h."ms",
             to_timestamp(floor(extract(epoch FROM COALESCE(${now ?? null}::timestamptz, clock_timestamp())) * 1000 / h."ms") * h."ms" / 1000.0) AS start
      FROM h
    )
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count", "expiresAt")
    SELECT t."key", t.start, t."cost", t.start + make_interval(secs => t."ms" / 1000.0) FROM t ORDER BY t."key"
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitWindow"."windowStart" = EXCLUDED."windowStart"
                     THEN "RateLimitWindow"."count" + EXCLUDED."count" ELSE EXCLUDED."count" END,
      "windowStart" = EXCLUDED."windowStart",
      "expiresAt" = EXCLUDED."expiresAt"
    RETURNING "key", "count", "expiresAt"`;
  // Not inside a caller's transaction: the sweep would run after it, or hold its locks.
  if ("$transaction" in db && Math.random() * SWEEP_EVERY < hits.length) void sweepRateLimits(db).catch(() => undefined);
  const after = new Map(rows.map((r) => [r.key, r]));
  // Each key's count before this batch, then each hit adds its own cost in order.
  const running = new Map(keys.map((k) => [k, after.get(k)!.count - byKey.get(k)!.cost]));
  const nowMs = now?.getTime() ?? Date.now();
  return hits.map((h) => {
    const count = running.get(h.key)! + (h.cost ?? 1);
    running.set(h.key, count);
    return {
      ok: count <= h.limit,
      count,
      limit: h.limit,
      remaining: Math.max(0, h.limit - count),
      resetSeconds: Math.max(1, Math.ceil((after.get(h.key)!.expiresAt.getTime() - nowMs) / 1000)),
    };
  });
}

const batchedHits = perClient((db: Db) => microBatch((hits: readonly Hit[]) => consumeRateLimits(db, hits)));

/**
 * consumeRateLimit for the hottest limits (public verify): the hits of one
 * event-loop turn share one statement (lib/db/micro-batch.ts), each still
 * decided on the database's exact count, so every instance counts the same.
 */
export function consumeRateLimitBatched(db: Db, hit: Hit): Promise<RateDecision & { count: number }> {
  return batchedHits(db, hit);
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
