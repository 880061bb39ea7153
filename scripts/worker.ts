import { createDb } from "@/lib/db/client";
import { analyzePendingAssets, type AnalyzePendingResult } from "@/lib/likeness-analysis/analyze-pending-assets";
import { runRetention } from "@/lib/retention/run-retention";
import { startScheduler, type PeriodicJob } from "./job-scheduler";
import { resolveDatabase } from "./local-database";

// The background worker: `npm start` runs one beside the web server; more can
// run on other machines against the same DATABASE_URL. It enforces the
// biometric retention schedule (stated on the public page, done here) and
// analyses uploaded likeness photos.

const HOUR = 60 * 60 * 1000;
/** Photos are analysed a few at a time per transaction-sized step; a run keeps going while more are pending. */
const ANALYSIS_BATCH = 4;

const jobs: PeriodicJob[] = [
  {
    name: "retention",
    lockKey: 724_961_020, // the 724_961_0xx family: migrate 011, audit chain 012
    everyMs: HOUR,
    run: ({ db, now }) => runRetention({ db, now }),
  },
  {
    // No lock key: every worker runs it, and SKIP LOCKED shares the photos out.
    name: "likeness-analysis",
    everyMs: 3_000,
    run: async ({ db, signal }) => {
      const total = { analyzed: 0, failed: 0 };
      let step: AnalyzePendingResult;
      do {
        step = await analyzePendingAssets({ db, batchSize: ANALYSIS_BATCH, signal });
        total.analyzed += step.analyzed;
        total.failed += step.failed;
      } while (step.more && step.analyzed + step.failed > 0 && !signal.aborted);
      return total;
    },
    quietWhen: (result) => {
      const { analyzed, failed } = result as { analyzed: number; failed: number };
      return analyzed + failed === 0;
    },
  },
];

const log = (line: string) => console.log(`[worker] ${new Date().toISOString()} ${line}`);

const database = await resolveDatabase({ start: false });
const db = createDb(database.url);
const scheduler = startScheduler({ jobs, db, url: database.url, log });
const every = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
log(`started: ${jobs.map((j) => `${j.name} every ${every(j.everyMs)}`).join(", ")}`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing the running jobs, then exiting`);
  try {
    await scheduler.stop();
    await db.$disconnect();
  } finally {
    process.exit(0);
  }
};
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
