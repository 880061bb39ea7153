import pg from "pg";
import type { Db } from "@/lib/db/client";

// Periodic jobs of the worker. A job with a lock key holds a PostgreSQL
// advisory lock on a connection of its own for each run, so that with N workers
// (N machines, or a second `npm run worker`) it never runs twice at once; the
// lock goes with the connection if a worker dies mid-run. A job without one
// shares its work out itself (a queue claimed with SKIP LOCKED) and runs on
// every worker.

export type JobContext = {
  db: Db;
  now: Date;
  /** Aborted when the worker stops: a long run finishes its current item and returns. */
  signal: AbortSignal;
};

export type PeriodicJob = {
  name: string;
  /** Advisory lock key, unique per job; leave out for a job that every worker may run at once. */
  lockKey?: number;
  everyMs: number;
  run: (ctx: JobContext) => Promise<unknown>;
  /** A run with nothing to report (a queue poll that found no work) writes no log line. */
  quietWhen?: (result: unknown) => boolean;
};

export type Exclusive<T> = { ran: true; result: T } | { ran: false };

/** Runs `fn` only if no other session holds `lockKey`; otherwise returns at once. */
export async function runExclusive<T>(url: string, lockKey: number, fn: () => Promise<T>): Promise<Exclusive<T>> {
  const client = new pg.Client({ connectionString: url });
  // An error on the idle lock connection (server restart) must not crash the
  // worker; the run itself reports its own errors.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [lockKey]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, result: await fn() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [lockKey]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type Scheduler = { stop: () => Promise<void> };

/** Runs every job once now and then every `everyMs`; a tick is skipped while the previous run of that job is still going. */
export function startScheduler(opts: {
  jobs: PeriodicJob[];
  db: Db;
  url: string;
  log: (line: string) => void;
  clock?: () => Date;
}): Scheduler {
  const clock = opts.clock ?? (() => new Date());
  const inFlight = new Map<string, Promise<void>>();
  const stopSignal = new AbortController();
  let stopping = false;

  const tick = (job: PeriodicJob) => {
    if (stopping || inFlight.has(job.name)) return;
    const started = Date.now();
    const runJob = () => job.run({ db: opts.db, now: clock(), signal: stopSignal.signal });
    const outcome: Promise<Exclusive<unknown>> =
      job.lockKey === undefined ? runJob().then((result) => ({ ran: true, result })) : runExclusive(opts.url, job.lockKey, runJob);
    const run = outcome
      .then((outcome) => {
        if (!outcome.ran) opts.log(`${job.name}: skipped, another worker is running it`);
        else if (!job.quietWhen?.(outcome.result)) opts.log(`${job.name}: done in ${Date.now() - started} ms ${JSON.stringify(outcome.result ?? null)}`);
      })
      .catch((err: unknown) => {
        // Logged and retried on the next tick: one failed run must not stop the worker.
        opts.log(`${job.name}: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      })
      .finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, run);
  };

  const timers = opts.jobs.map((job) => {
    tick(job);
    return setInterval(() => tick(job), job.everyMs);
  });

  return {
    stop: async () => {
      stopping = true;
      stopSignal.abort();
      for (const t of timers) clearInterval(t);
      await Promise.all(inFlight.values());
    },
  };
}
