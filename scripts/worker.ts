import { createDb } from "@/lib/db/client";
import { runRetention } from "@/lib/retention/run-retention";
import { startScheduler, type PeriodicJob } from "./job-scheduler";
import { resolveDatabase } from "./local-database";

// The background worker: `npm start` runs one beside the web server; more can
// run on other machines against the same DATABASE_URL. Today it enforces the
// biometric retention schedule (stated on the public page, done here).

const HOUR = 60 * 60 * 1000;

const jobs: PeriodicJob[] = [
  {
    name: "retention",
    lockKey: 724_961_020, // the 724_961_0xx family: migrate 011, audit chain 012
    everyMs: HOUR,
    run: ({ db, now }) => runRetention({ db, now }),
  },
];

const log = (line: string) => console.log(`[worker] ${new Date().toISOString()} ${line}`);

const database = await resolveDatabase({ start: false });
const db = createDb(database.url);
const scheduler = startScheduler({ jobs, db, url: database.url, log });
log(`started: ${jobs.map((j) => `${j.name} every ${j.everyMs / 60_000} min`).join(", ")}`);

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
