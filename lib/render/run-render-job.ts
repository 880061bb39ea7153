import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { RENDER_ATTEMPTS } from "@/lib/jobs/job-queue";
import { markRenderedFile } from "@/lib/outputs/mark-rendered-file";
import { deleteBlob, newBlobKey, putSealedBlob } from "@/lib/storage/blob-store";
import { completeRender } from "./complete-render";
import { failRenderForGood } from "./fail-render";
import { isAbort, PermanentRenderError, RenderStoppedError } from "./render-errors";
import { loadRenderInputs } from "./render-inputs";
import { createRenderReporter } from "./render-reporter";
import { talentModelKeyFor } from "@/lib/talent-models/keys";
import { checkpointKeyFor, sealedCheckpointStore } from "./sealed-checkpoint-store";

export type RenderOutcome = "succeeded" | "cancelled" | "failed" | "skipped";

/** Thrown to the queue so that pg-boss retries the job (on this or another worker). */
export class RetryRenderError extends Error {}

/**
 * Runs one render job end to end on this worker: claims it, decrypts the
 * inputs, trains and converts with the engine in ml/ (resuming from the last
 * checkpoint when a previous attempt died), watermarks with the license's
 * disclosure, stores the file sealed with the studio's key, and registers and
 * delivers it in one transaction (exactly one output per order). Progress,
 * the stage log and the heartbeat are written as it goes. Cancellation is
 * seen within a second; a failure is retried up to RENDER_ATTEMPTS attempts,
 * then the order fails and is refunded.
 */
export async function runRenderJob(opts: { db: Db; renderJobId: string; workerId: string; log?: (line: string) => void }): Promise<RenderOutcome> {
  const { db, renderJobId, workerId } = opts;
  const say = opts.log ?? (() => undefined);
  const now = new Date();
  const claimed = await db.$transaction(async (tx) => {
    const job = await tx.renderJob.findUnique({ where: { id: renderJobId }, include: { order: { select: { id: true, status: true, profileId: true } } } });
    if (!job || !["queued", "running"].includes(job.status) || job.order.status !== "rendering") return null;
    const updated = await tx.renderJob.updateMany({
      where: { id: job.id, status: job.status, attempts: job.attempts },
      data: { status: "running", attempts: job.attempts + 1, workerId, heartbeatAt: now, startedAt: job.startedAt ?? now, error: null },
    });
    if (updated.count === 0) return null;
    await appendAuditEvent(tx, {
      actor: null,
      at: now,
      action: job.attempts === 0 ? "render.started" : "render.retried",
      subjectType: "RenderJob",
      subjectId: job.id,
      payload: { orderId: job.orderId, attempt: job.attempts + 1, workerId },
    });
    return { ...job, attempts: job.attempts + 1, startedAt: job.startedAt ?? now };
  });
  if (!claimed) return "skipped";
  const orderId = claimed.orderId;
  say(`render ${renderJobId} (order ${orderId}) attempt ${claimed.attempts}/${RENDER_ATTEMPTS} on ${workerId}`);

  const stop = new AbortController();
  let inputs: Awaited<ReturnType<typeof loadRenderInputs>> | null = null;
  let reporter: ReturnType<typeof createRenderReporter> | null = null;
  let outputBlobKey: string | null = null;
  try {
    inputs = await loadRenderInputs(db, orderId);
    reporter = createRenderReporter({
      db,
      jobId: renderJobId,
      workerId,
      startedAt: claimed.startedAt,
      stages: claimed.stages,
      studioKey: inputs.studioKey,
      onLost: () => stop.abort(new RenderStoppedError("The render was cancelled or handed to another worker.")),
    });
    const r = reporter;
    const log = (stage: Parameters<typeof r.log>[0], level: "info" | "warn" | "error", message: string) => void r.log(stage, level, message).catch(() => undefined);
    r.stage("prepare", 1);
    log("prepare", "info", `Attempt ${claimed.attempts} of ${RENDER_ATTEMPTS} on ${workerId}: ${inputs.talentImages.length} usable talent photos, ${inputs.footageKind} footage; preset ${claimed.preset}, ${claimed.steps} training steps.`);

    const checkpointKey = checkpointKeyFor(claimed.order.profileId, orderId);
    await db.renderJob.update({ where: { id: renderJobId }, data: { checkpointKey } });
    const talentModel = await db.talentModel.findUnique({ where: { profileId: claimed.order.profileId }, select: { status: true, preset: true } });
    const { renderSwap } = await import("@/ml/index");
    const swappedPath = path.join(inputs.dir, inputs.footageKind === "video" ? "swapped.mp4" : "swapped.png");
    const swapped = await renderSwap({
      talentImages: inputs.talentImages,
      footagePath: inputs.footagePath,
      outputPath: swappedPath,
      preset: claimed.preset,
      steps: claimed.steps,
      store: sealedCheckpointStore(inputs.profileKey),
      checkpointKey,
      baseModelKey: talentModel?.status === "trained" && talentModel.preset === claimed.preset ? talentModelKeyFor(claimed.order.profileId) : undefined,
      signal: stop.signal,
      onProgress: (p) => r.stage(p.stage, p.fraction),
      onPreview: (jpeg) => r.preview(jpeg),
      onLog: (level, message) => log("train", level, message),
    });
    log("convert", "info", `Converted ${swapped.framesWithFace} of ${swapped.framesTotal} frames with a face swapped (${swapped.backend}, ${swapped.device}); final training loss ${swapped.finalLoss.toFixed(4)}.`);

    const markedPath = path.join(inputs.dir, inputs.footageKind === "video" ? "delivered.mp4" : "delivered.png");
    const totalFrames = Math.max(1, swapped.framesTotal);
    r.stage("watermark", 0);
    const marked = await markRenderedFile({
      inputPath: swappedPath,
      outputPath: markedPath,
      disclosureText: inputs.disclosureText,
      onFrame: (n) => r.stage("watermark", n / totalFrames),
      onEncoding: () => r.stage("encode", 0),
      signal: stop.signal,
    });
    r.stage("encode", 1);
    log("watermark", "info", `Disclosure drawn with verify code ${marked.verifyCode}; invisible watermark embedded.`);

    if (stop.signal.aborted) throw stop.signal.reason;
    r.stage("store", 0);
    const bytes = await readFile(markedPath);
    outputBlobKey = newBlobKey("outputs");
    await putSealedBlob(outputBlobKey, inputs.studioKey, bytes);
    r.stage("store", 1);
    r.stage("sign", 0);
    const delivered = await completeRender({
      db,
      renderJobId,
      workerId,
      orderId,
      marked,
      blobKey: outputBlobKey,
      byteSize: (await stat(markedPath)).size,
      modelId: swapped.modelId,
      inputHashes: [{ role: "target", hash: inputs.footageSha256 }],
      stages: r.stages(),
    });
    outputBlobKey = null; // registered: it belongs to the output now
    r.stage("sign", 1);
    await r.log("sign", "info", `Manifest signed; output ${delivered.outputId} registered. ${delivered.status === "in_review" ? "Waiting for the talent's review." : "Delivered."}`);
    say(`render ${renderJobId}: ${delivered.status}`);
    return "succeeded";
  } catch (e) {
    if (outputBlobKey) await deleteBlob(outputBlobKey).catch(() => undefined);
    const job = await db.renderJob.findUnique({ where: { id: renderJobId }, select: { status: true, workerId: true } });
    if (isAbort(e) || job?.status !== "running" || job.workerId !== workerId) {
      say(`render ${renderJobId}: stopped (${job?.status ?? "gone"})`);
      return "cancelled";
    }
    const message = e instanceof Error ? e.message : String(e);
    // Written directly: when the inputs could not be loaded there is no reporter yet, and the studio must still see why.
    await db.renderLogLine.create({ data: { jobId: renderJobId, stage: "prepare", level: "error", message: `Attempt ${claimed.attempts} failed: ${message}`.slice(0, 2000) } }).catch(() => undefined);
    if (e instanceof PermanentRenderError || claimed.attempts >= RENDER_ATTEMPTS) {
      await failRenderForGood({ db, renderJobId, orderId, error: message });
      say(`render ${renderJobId}: FAILED for good: ${message}`);
      return "failed";
    }
    // Back to the queue; pg-boss hands it to a worker again after a short delay.
    await db.renderJob.updateMany({ where: { id: renderJobId, status: "running", workerId }, data: { status: "queued", error: message, workerId: null } });
    throw new RetryRenderError(`attempt ${claimed.attempts} failed: ${message}`);
  } finally {
    await reporter?.stop();
    await inputs?.cleanup();
  }
}

