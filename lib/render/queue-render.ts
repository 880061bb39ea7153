import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { renderConfig } from "@/lib/config";
import type { Tx } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import { initialStages } from "./stages";

export type RenderJobData = { renderJobId: string };

/**
 * Creates the render job of a paid order (or a re-render after a rejected
 * review) and puts it on the render queue, in the caller's transaction.
 * Preset and steps come from configuration (LIKENESS_RENDER_PRESET/STEPS).
 */
export async function queueRenderInTx(
  tx: Tx,
  opts: { orderId: string; actor: Actor | null; meta?: RequestMeta; now: Date; steps?: number },
): Promise<string> {
  const { preset } = renderConfig();
  const steps = opts.steps ?? renderConfig().steps;
  const job = await tx.renderJob.create({
    data: { orderId: opts.orderId, preset, steps, stages: initialStages(), createdAt: opts.now },
  });
  const queueJobId = await enqueueInTx(tx, QUEUES.render, { renderJobId: job.id } satisfies RenderJobData);
  if (!queueJobId) throw new Error("the render queue refused the job (is the job system installed? run the worker or npm start once)");
  await tx.renderJob.update({ where: { id: job.id }, data: { queueJobId } });
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.now,
    action: "render.queued",
    subjectType: "RenderJob",
    subjectId: job.id,
    payload: { orderId: opts.orderId, preset, steps },
  });
  return job.id;
}
