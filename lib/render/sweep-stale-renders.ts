import { renderConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { RENDER_ATTEMPTS } from "@/lib/jobs/job-queue";
import { failRenderForGood } from "./fail-render";

export type StaleRender = { renderJobId: string; queueJobId: string | null; attempts: number };

/**
 * Finds renders whose worker died (killed, machine lost: no heartbeat for
 * LIKENESS_RENDER_STALE_SECONDS) and hands them back: the job row returns to "queued" and the
 * caller fails the queue job so that pg-boss retries it at once on any worker,
 * which resumes from the last stored checkpoint. A job that has used all its
 * attempts fails for good (and is refunded).
 */
export async function sweepStaleRenders(opts: {
  db: Db;
  now?: Date;
  failQueueJob: (queueJobId: string, reason: string) => Promise<void>;
}): Promise<StaleRender[]> {
  const now = opts.now ?? new Date();
  const staleAfterMs = renderConfig().staleAfterSeconds * 1000;
  const stale = await opts.db.renderJob.findMany({
    where: { status: "running", heartbeatAt: { lt: new Date(now.getTime() - staleAfterMs) } },
    select: { id: true, orderId: true, queueJobId: true, attempts: true, workerId: true },
  });
  const handed: StaleRender[] = [];
  for (const job of stale) {
    const reason = `Worker ${job.workerId ?? "?"} stopped responding during attempt ${job.attempts}.`;
    if (job.attempts >= RENDER_ATTEMPTS) {
      await failRenderForGood({ db: opts.db, renderJobId: job.id, orderId: job.orderId, error: reason, now });
    } else {
      const updated = await opts.db.renderJob.updateMany({
        where: { id: job.id, status: "running", workerId: job.workerId, attempts: job.attempts },
        data: { status: "queued", workerId: null, error: reason },
      });
      if (updated.count === 0) continue;
      await opts.db.renderLogLine.create({
        data: {
          jobId: job.id,
          stage: "prepare",
          level: "warn",
          message: `${reason} The render continues on another worker from its last checkpoint.`,
        },
      });
    }
    if (job.queueJobId) await opts.failQueueJob(job.queueJobId, reason);
    handed.push({ renderJobId: job.id, queueJobId: job.queueJobId, attempts: job.attempts });
  }
  return handed;
}
