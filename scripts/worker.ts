import { parseArgs } from "node:util";
import { checkConfig } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { parseQueues, startWorker } from "@/lib/jobs/start-worker";
import { resolveDatabase } from "./local-database";

// The background worker: `npm start` runs one beside the web server; more can
// run on other machines against the same DATABASE_URL (`npm run worker`, or
// `npm run worker -- --queues render` for a render-only worker on a GPU host).
// Every job is on pg-boss in the platform's PostgreSQL: renders, refunds,
// payouts, likeness photo analysis, talent base models and the hourly biometric
// retention schedule.

const { values } = parseArgs({ options: { queues: { type: "string" } } });
const log = (line: string) => console.log(`[worker] ${new Date().toISOString()} ${line}`);

// Every variable checked before anything starts: a bad value stops here, named.
checkConfig();

const database = await resolveDatabase({ start: false });
const db = createDb(database.url);
const worker = await startWorker({ db, url: database.url, queues: parseQueues(values.queues), log });

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing the running jobs, then exiting`);
  try {
    await worker.stop();
    await db.$disconnect();
  } finally {
    process.exit(0);
  }
};
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
