import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { consumeRateLimit, consumeRateLimitBatched, consumeRateLimits, lockedUntil, startLock, sweepRateLimits } from "./rate-limit";

// Two web instances are two processes with their own connection pools: here two
// Prisma clients on the same database, hitting the same key at once.
let t: TestDatabase;
let second: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  second = createDb(t.url);
});
afterAll(async () => {
  await second?.$disconnect();
  await t?.drop();
});

describe("the shared rate limiter", () => {
  it("allows `limit` hits per window across two instances together, not `limit` each", async () => {
    const limit = { key: "test:shared", limit: 20, windowMs: 60 * 60_000 };
    const hits = await Promise.all(Array.from({ length: 60 }, (_, i) => consumeRateLimit(i % 2 ? second : t.db, limit)));
    expect(hits.filter((h) => h.ok)).toHaveLength(20);
    // Every hit got its own count: the upsert is atomic, no two callers read the same value.
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const next = await consumeRateLimit(second, limit);
    expect(next).toMatchObject({ ok: false, remaining: 0, limit: 20 });
    expect(next.resetSeconds).toBeGreaterThan(0);
    expect(next.resetSeconds).toBeLessThanOrEqual(3600);
  });

  it("starts a new count in the next window, and keys do not share counts", async () => {
    const opts = { key: "test:windows", limit: 2, windowMs: 60_000 };
    const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));
    expect(await consumeRateLimit(t.db, { ...opts, now: at(1) })).toMatchObject({ ok: true, remaining: 1, resetSeconds: 59 });
    expect(await consumeRateLimit(second, { ...opts, now: at(2) })).toMatchObject({ ok: true, remaining: 0 });
    expect(await consumeRateLimit(t.db, { ...opts, now: at(3) })).toMatchObject({ ok: false });
    expect(await consumeRateLimit(t.db, { ...opts, key: "test:other", now: at(3) })).toMatchObject({ ok: true });
    expect(await consumeRateLimit(second, { ...opts, now: at(60) })).toMatchObject({ ok: true, remaining: 1, count: 1 });
  });

  it("counts a batch's hits as if they came one after the other, keys in any order, repeated keys included", async () => {
    const a = { key: "test:batch:a", limit: 2, windowMs: 60_000 };
    const b = { key: "test:batch:b", limit: 5, windowMs: 60_000 };
    const decided = await consumeRateLimits(t.db, [a, b, a, a, { ...b, cost: 3 }]);
    expect(decided.map((d) => [d.count, d.ok])).toEqual([
      [1, true],
      [1, true],
      [2, true],
      [3, false],
      [4, true],
    ]);
    expect(decided[3]).toMatchObject({ remaining: 0, limit: 2 });
    // The next statement sees the batch's totals.
    expect(await consumeRateLimit(second, b)).toMatchObject({ count: 5, ok: true, remaining: 0 });
  });

  it("batches the calls of one loop turn into one statement and allows exactly `limit` across two instances", async () => {
    const limit = { key: "test:batched", limit: 25, windowMs: 60 * 60_000 };
    const hits = await Promise.all(Array.from({ length: 80 }, (_, i) => consumeRateLimitBatched(i % 2 ? second : t.db, limit)));
    expect(hits.filter((h) => h.ok)).toHaveLength(25);
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect((await t.db.rateLimitWindow.findUniqueOrThrow({ where: { key: "test:batched" } })).count).toBe(80);
  });

  it("refuses one key used with two windows in a batch rather than counting it wrongly", async () => {
    await expect(
      consumeRateLimits(t.db, [
        { key: "test:two-windows", limit: 1, windowMs: 1_000 },
        { key: "test:two-windows", limit: 1, windowMs: 2_000 },
      ]),
    ).rejects.toThrow(/two windows/);
  });

  it("starts a lock once however many instances race to start it, and the lock ends by itself", async () => {
    const starts = await Promise.all(Array.from({ length: 10 }, (_, i) => startLock(i % 2 ? second : t.db, "test:lock", 1_500)));
    expect(starts.filter((s) => s.started)).toHaveLength(1);
    expect(await lockedUntil(second, ["test:lock", "test:none"])).toEqual(starts.find((s) => s.started)!.until);
    await new Promise((r) => setTimeout(r, 1_600));
    expect(await lockedUntil(t.db, ["test:lock"])).toBeNull();
    expect((await startLock(t.db, "test:lock", 60_000)).started).toBe(true);
  });

  it("sweeps rows whose window ended", async () => {
    await consumeRateLimit(t.db, { key: "test:old", limit: 1, windowMs: 1_000, now: new Date(Date.UTC(2020, 0, 1)) });
    await sweepRateLimits(t.db);
    expect(await t.db.rateLimitWindow.findUnique({ where: { key: "test:old" } })).toBeNull();
    expect(await t.db.rateLimitWindow.findUnique({ where: { key: "test:shared" } })).not.toBeNull();
  });
});
