import os from "node:os";
import type PgBoss from "pg-boss";
import { publishAuditAnchor } from "@/lib/audit/anchors";
import { auditAnchorConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { scanFootagePerformers } from "@/lib/footage/scan-performers";
import { checkConsentVideo } from "@/lib/identity/check-consent-video";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import { payOutOrder } from "@/lib/orders/pay-out-order";
import { platformKey } from "@/lib/outputs/platform-key";
import { refundOrder } from "@/lib/orders/refund-order";
import { RetryRenderError, runRenderJob } from "@/lib/render/run-render-job";
import { sweepStaleRenders } from "@/lib/render/sweep-stale-renders";
import { runRetention } from "@/lib/retention/run-retention";
import { trainTalentModel } from "@/lib/talent-models/train-talent-model";
import { deliverStudioWebhook } from "@/lib/studio-webhooks/deliver-studio-webhook";
import { oneAtATime } from "./one-at-a-time";
import { createJobBoss, ensureQueues, QUEUES, type QueueName } from "./job-queue";

export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

export type Worker = { workerId: string; boss: PgBoss; stop: () => Promise<void> };

const ANALYSIS_BATCH = 4;

/**
 * Starts a worker on the given queues (all by default). `npm run worker -- --queues render`
 * runs a render-only worker on a GPU host. Every queue is pg-boss on the
 * platform's PostgreSQL, so N workers on N machines share the work; a render
 * worker also sweeps renders whose worker died and hands them on.
 */
export async function startWorker(opts: {
  db: Db;
  url: string;
  queues?: QueueName[];
  log: (line: string) => void;
  workerId?: string;
}): Promise<Worker> {
  const { db, log } = opts;
  const queues = opts.queues ?? ALL_QUEUES;
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}`;
  const boss = createJobBoss(opts.url, {
    supervise: true,
    schedule: queues.includes(QUEUES.retention) || queues.includes(QUEUES.auditAnchor),
  });
  boss.on("error", (e) => log(`job system error: ${e.message}`));
  await boss.start();
  await ensureQueues(boss);
  const timers: NodeJS.Timeout[] = [];
  const stopping = new AbortController();
  // Renders and base-model trainings take turns in this process (lib/jobs/one-at-a-time.ts).
  const cpuBound = oneAtATime();

  const handle = async (name: QueueName, fn: (data: Record<string, unknown>) => Promise<unknown>, pollingIntervalSeconds = 2) => {
    await boss.work<Record<string, unknown>>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      const started = Date.now();
      try {
        const result = await fn(job.data);
        if (result !== undefined && result !== "skipped") log(`${name}: ${JSON.stringify(result)} in ${Date.now() - started} ms`);
      } catch (e) {
        log(`${name}: ${e instanceof RetryRenderError ? "will retry" : "FAILED"}: ${e instanceof Error ? e.message : String(e)}`);
        throw e; // pg-boss retries it per the queue's policy
      }
    });
  };

  if (queues.includes(QUEUES.render)) {
    await handle(
      QUEUES.render,
      (d) => cpuBound(() => runRenderJob({ db, renderJobId: String(d.renderJobId), workerId, log, stopSignal: stopping.signal })),
      1,
    );
    const sweep = () =>
      sweepStaleRenders({ db, failQueueJob: (id, reason) => boss.fail(QUEUES.render, id, { reason }) })
        .then((handed) => handed.forEach((h) => log(`render ${h.renderJobId}: worker stopped responding; handed on`)))
        .catch((e: unknown) => log(`stale render sweep failed: ${e instanceof Error ? e.message : String(e)}`));
    timers.push(setInterval(sweep, 5_000));
  }
  if (queues.includes(QUEUES.refund))
    await handle(QUEUES.refund, (d) => refundOrder({ db, orderId: String(d.orderId), reason: String(d.reason ?? "Refund") }));
  if (queues.includes(QUEUES.payout)) await handle(QUEUES.payout, (d) => payOutOrder({ db, orderId: String(d.orderId) }));
  if (queues.includes(QUEUES.studioWebhook))
    await handle(QUEUES.studioWebhook, (d) => deliverStudioWebhook({ db, deliveryId: String(d.deliveryId) }));
  if (queues.includes(QUEUES.likenessAnalysis)) {
    await handle(QUEUES.likenessAnalysis, async () => {
      const total = { analyzed: 0, failed: 0 };
      for (;;) {
        const step = await analyzePendingAssets({ db, batchSize: ANALYSIS_BATCH, signal: stopping.signal });
        total.analyzed += step.analyzed;
        total.failed += step.failed;
        if (!step.more || step.analyzed + step.failed === 0 || stopping.signal.aborted) break;
      }
      return total.analyzed + total.failed > 0 ? total : "skipped";
    });
    // Photos uploaded while no worker ran: one wake-up at start.
    await boss.send(QUEUES.likenessAnalysis, {});
  }
  // Not behind cpuBound: a studio waits for it on the request page, and a render can hold the lock for minutes.
  if (queues.includes(QUEUES.footagePerformers)) {
    await handle(QUEUES.footagePerformers, (d) => scanFootagePerformers({ db, uploadId: String(d.uploadId), signal: stopping.signal }), 1);
  }
  // Also not behind cpuBound: the talent waits on the page for the outcome (about half a minute).
  if (queues.includes(QUEUES.consentVideo)) {
    await handle(
      QUEUES.consentVideo,
      (d) => checkConsentVideo({ db, verificationId: String(d.verificationId), signal: stopping.signal }),
      1,
    );
  }
  if (queues.includes(QUEUES.baseModel)) {
    await handle(
      QUEUES.baseModel,
      (d) => cpuBound(() => trainTalentModel({ db, profileId: String(d.profileId), signal: stopping.signal, log })),
      5,
    );
  }
  if (queues.includes(QUEUES.retention)) {
    await handle(QUEUES.retention, () => runRetention({ db, now: new Date() }), 30);
    await boss.schedule(QUEUES.retention, "0 * * * *", {});
    await boss.send(QUEUES.retention, {}); // and once at start
  }
  if (queues.includes(QUEUES.auditAnchor)) {
    const anchors = auditAnchorConfig();
    await handle(
      QUEUES.auditAnchor,
      async () => {
        const result = await publishAuditAnchor({ db, privateKey: platformKey().privateKey, file: anchors.file });
        if (result.published === false && result.reason === "broken") {
          throw new Error(`the audit chain does not verify, so no anchor was signed: ${result.problems.map((p) => p.detail).join("; ")}`);
        }
        return result.published ? { anchored: result.anchor.anchor.headSeq, chainLength: result.anchor.anchor.chainLength } : "skipped";
      },
      10,
    );
    await boss.schedule(QUEUES.auditAnchor, anchorCron(anchors.everyMinutes), {});
    await boss.send(QUEUES.auditAnchor, {}); // and once at start
  }
  log(`worker ${workerId} started on queues: ${queues.join(", ")}`);

  return {
    workerId,
    boss,
    stop: async () => {
      stopping.abort();
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

/** A cron schedule for "every `minutes` minutes": a divisor of an hour, or whole hours that divide a day. */
export function anchorCron(minutes: number): string {
  if (minutes >= 1 && minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  if (minutes >= 60 && minutes % 60 === 0 && 24 % (minutes / 60) === 0) return `0 */${minutes / 60} * * *`;
  throw new Error(
    `LIKENESS_AUDIT_ANCHOR_MINUTES must divide an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) or be whole hours that divide a day (60, 120, 180, ...), got ${minutes}`,
  );
}

export function parseQueues(arg: string | undefined): QueueName[] {
  if (!arg) return ALL_QUEUES;
  const names = arg
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !ALL_QUEUES.includes(n as QueueName));
  if (unknown.length) throw new Error(`unknown queue ${unknown.join(", ")}; the queues are ${ALL_QUEUES.join(", ")}`);
  return names as QueueName[];
}
