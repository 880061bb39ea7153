import PgBoss from "pg-boss";
import type { Tx } from "@/lib/db/client";

// One job system for the platform: pg-boss on the platform's own PostgreSQL
// (schema "pgboss"). N workers on N machines share every queue; a job is
// enqueued inside the caller's Prisma transaction, so "paid" and "render
// queued" (or "cancelled" and "refund queued") commit together or not at all.

export const QUEUES = {
  /** One render of an order (lib/render/run-render-job.ts). Long; retried on failure up to 3 attempts in all. */
  render: "render",
  /** Refund of a cancelled or failed order (lib/orders/refund-order.ts); retried while the provider is unreachable. */
  refund: "refund",
  /** Pays each party its share of a delivered order (lib/orders/pay-out-order.ts). */
  payout: "payout",
  /** Analysis of uploaded likeness photos (lib/likeness-analysis). */
  likenessAnalysis: "likeness-analysis",
  /** The biometric retention schedule (lib/retention), hourly. */
  retention: "retention",
  /** One signed POST of an order event to a studio's webhook (lib/studio-webhooks); retried with backoff. */
  studioWebhook: "studio-webhook",
  /** Training of a talent's base model after the likeness set changed (lib/talent-models); one active and one queued per profile. */
  baseModel: "base-model",
  /** The people in newly uploaded target footage, for the studio to choose the performer (lib/footage). */
  footagePerformers: "footage-performers",
  /** The check of a talent's consent video, "Verify it's you" (lib/identity). */
  consentVideo: "consent-video",
  /** Publishes the audit chain's head as a signed anchor (lib/audit/anchors.ts), every few minutes. */
  auditAnchor: "audit-anchor",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Attempts of a render before it fails for good (the studio is refunded). */
export const RENDER_ATTEMPTS = 3;

/** Attempts of a webhook delivery in all: the first and 8 retries, each delay about double the last from 10 s (given up after roughly an hour). */
export const WEBHOOK_ATTEMPTS = 9;

const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, "name">> = {
  // A dead worker's render is handed on by the stale-heartbeat sweep within
  // seconds; the expiry is only the backstop for a worker that hangs.
  // pg-boss retries beyond the order's attempts: a worker that is stopped hands its render back through a retry without using an attempt.
  render: { retryLimit: RENDER_ATTEMPTS + 5, retryDelay: 5, expireInSeconds: 4 * 60 * 60, retentionDays: 30 },
  refund: { retryLimit: 20, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60, retentionDays: 90 },
  payout: { retryLimit: 20, retryDelay: 60, retryBackoff: true, expireInSeconds: 5 * 60, retentionDays: 90 },
  "likeness-analysis": { retryLimit: 2, retryDelay: 10, expireInSeconds: 10 * 60, retentionDays: 7 },
  retention: { policy: "singleton", retryLimit: 1, expireInSeconds: 60 * 60, retentionDays: 7 },
  "studio-webhook": { retryLimit: WEBHOOK_ATTEMPTS - 1, retryDelay: 10, retryBackoff: true, expireInSeconds: 60, retentionDays: 30 },
  // stately + singletonKey = profile id: one training per profile at a time, and
  // at most one more queued behind it (it reads the newest photo set when it runs).
  // A worker that dies mid-training: the job expires, the retry resumes from the checkpoint.
  // A scan is seconds to a minute; a worker that dies mid-scan: the job expires and runs again.
  "consent-video": { retryLimit: 2, retryDelay: 10, expireInSeconds: 15 * 60, retentionDays: 7 },
  "footage-performers": { retryLimit: 2, retryDelay: 10, expireInSeconds: 15 * 60, retentionDays: 7 },
  "base-model": { policy: "stately", retryLimit: 2, retryDelay: 30, expireInSeconds: 4 * 60 * 60, retentionDays: 7 },
  // One publication at a time; a missed one is simply the next one's work.
  "audit-anchor": { policy: "singleton", retryLimit: 1, retryDelay: 30, expireInSeconds: 15 * 60, retentionDays: 7 },
};

export function createJobBoss(url: string, opts: { supervise?: boolean; schedule?: boolean } = {}): PgBoss {
  return new PgBoss({
    connectionString: url,
    application_name: "likeness-jobs",
    // Only workers maintain the queues (expiry, archiving) and run cron schedules.
    supervise: opts.supervise ?? false,
    schedule: opts.schedule ?? false,
    migrate: true,
  });
}

/**
 * pg-boss's own queue for cron schedules: a worker's scheduler creates it when
 * it starts, but quietly fails to when it runs as the application's role, which
 * may not create tables (lib/db/app-role.ts), and no schedule then fires.
 * So it is created here, with the others, by the owner.
 */
const PGBOSS_CRON_QUEUE = "__pgboss__send-it";

/**
 * Installs pg-boss's schema (its own migrations) and creates every queue, as
 * the owner of the tables (a queue is a table); safe to run on every start and
 * concurrently.
 */
export async function installJobQueues(url: string): Promise<void> {
  const boss = createJobBoss(url);
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await ensureQueues(boss);
    await createQueueOnce(boss, PGBOSS_CRON_QUEUE, {});
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, options] of Object.entries(QUEUE_OPTIONS)) await createQueueOnce(boss, name, options);
}

async function createQueueOnce(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name">): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, { name, ...options });
  } catch (e) {
    // Another process created it between the check and now.
    if (!(await boss.getQueue(name))) throw e;
  }
}

/** pg-boss runs its SQL through this inside the caller's Prisma transaction. */
function txExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const args = values.map((v) =>
        v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v,
      );
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...args);
      return { rows };
    },
  };
}

// A send-only client: it never connects by itself (every send passes the
// transaction's executor), so web processes can enqueue without a pool.
let sender: PgBoss | null = null;
function senderBoss(): PgBoss {
  sender ??= new PgBoss({ connectionString: "postgres://unused/unused", supervise: false, schedule: false, migrate: false });
  return sender;
}

/**
 * Enqueues a job in the caller's transaction; with `singletonKey`, a second
 * job with the same key is not created while the first is queued or active.
 * Returns the pg-boss job id (null when a singleton already exists).
 */
export async function enqueueInTx(
  tx: Tx,
  queue: QueueName,
  data: Record<string, unknown>,
  options: { singletonKey?: string; startAfterSeconds?: number } = {},
): Promise<string | null> {
  return senderBoss().send(queue, data, {
    db: txExecutor(tx),
    singletonKey: options.singletonKey,
    startAfter: options.startAfterSeconds,
  });
}
