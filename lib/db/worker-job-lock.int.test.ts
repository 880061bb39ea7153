import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { runExclusive, startScheduler } from "@/scripts/job-scheduler";

// The worker's periodic jobs (scripts/job-scheduler.ts) hold a PostgreSQL
// advisory lock per run, so N workers never run one job at the same time.

const KEY = 99_000_001;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await t?.drop();
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("worker job lock", () => {
  it("skips a job while another session (another worker) holds its lock, and runs it once the lock is free", async () => {
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [KEY]);
      let runs = 0;
      expect(await runExclusive(t.url, KEY, async () => ++runs)).toEqual({ ran: false });
      await other.query("SELECT pg_advisory_unlock($1)", [KEY]);
      expect(await runExclusive(t.url, KEY, async () => ++runs)).toEqual({ ran: true, result: 1 });
      expect(runs).toBe(1);
    } finally {
      await other.end();
    }
  });

  it("of two workers starting the same job at once, exactly one runs it", async () => {
    const gate = deferred();
    let runs = 0;
    const job = async () => {
      runs++;
      await gate.promise;
    };
    const first = runExclusive(t.url, KEY, job);
    // Let the first take the lock before the second asks for it.
    await new Promise((r) => setTimeout(r, 200));
    const second = await runExclusive(t.url, KEY, job);
    gate.resolve();
    expect(second).toEqual({ ran: false });
    expect((await first).ran).toBe(true);
    expect(runs).toBe(1);
  });

  it("releases the lock when the job throws, so the next tick can run", async () => {
    await expect(runExclusive(t.url, KEY, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await runExclusive(t.url, KEY, async () => "ok")).toEqual({ ran: true, result: "ok" });
  });

  it("the scheduler runs each job once at start, never overlaps runs of one job, and stop() waits for the running one", async () => {
    const gate = deferred();
    const seen: Date[] = [];
    let running = 0;
    let maxRunning = 0;
    const lines: string[] = [];
    const scheduler = startScheduler({
      db: t.db,
      url: t.url,
      log: (l) => lines.push(l),
      jobs: [
        {
          name: "slow",
          lockKey: KEY,
          everyMs: 20,
          run: async ({ now }) => {
            seen.push(now);
            maxRunning = Math.max(maxRunning, ++running);
            await gate.promise;
            running--;
            return { done: true };
          },
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 300)); // ~15 ticks while the first run is held
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(seen).toHaveLength(1);
    expect(maxRunning).toBe(1);
    expect(lines.some((l) => /^slow: done in \d+ ms \{"done":true\}$/.test(l))).toBe(true);
  });
});
