import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { renderConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { RENDER_ATTEMPTS } from "@/lib/jobs/job-queue";
import { markRenderedFile } from "@/lib/outputs/mark-rendered-file";
import { isWatermarkTooSmall } from "@/lib/watermark";
import { deleteBlob, newBlobKey, putSealedBlob } from "@/lib/storage/blob-store";
import { completeRender } from "./complete-render";
import { failRenderForGood } from "./fail-render";
import { isAbort, isPermanentEngineError, PermanentRenderError, RenderStoppedError } from "./render-errors";
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
export async function runRenderJob(opts: {
  db: Db;
  renderJobId: string;
  workerId: string;
  log?: (line: string) => void;
  /** The worker is shutting down: training saves a checkpoint and stops; the stale-render sweep hands the job on. */
  stopSignal?: AbortSignal;
}): Promise<RenderOutcome> {
  const { db, renderJobId, workerId } = opts;
  const say = opts.log ?? (() => undefined);
  const now = new Date();
  const claimed = await db.$transaction(async (tx) => {
    const job = await tx.renderJob.findUnique({
      where: { id: renderJobId },
      include: { order: { select: { id: true, status: true, profileId: true } } },
    });
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
    const log = (stage: Parameters<typeof r.log>[0], level: "info" | "warn" | "error", message: string) =>
      void r.log(stage, level, message).catch(() => undefined);
    r.stage("prepare", 1);
    log(
      "prepare",
      "info",
      `Attempt ${claimed.attempts} of ${RENDER_ATTEMPTS} on ${workerId}: ${inputs.talentImages.length} usable talent photos, ${inputs.footageKind} footage; preset ${claimed.preset === "auto" ? `chosen from the footage's face size (up to ${renderConfig().maxPreset})` : claimed.preset}, ${claimed.steps} training steps.`,
    );
    log(
      "prepare",
      "info",
      inputs.performer
        ? `Replacing the performer the studio chose (${inputs.performer.id}).`
        : "Replacing the person seen most in the footage (no performer was chosen).",
    );

    const checkpointKey = checkpointKeyFor(claimed.order.profileId, orderId);
    await db.renderJob.update({ where: { id: renderJobId }, data: { checkpointKey } });
    const talentModel = await db.talentModel.findUnique({
      where: { profileId: claimed.order.profileId },
      select: { status: true, preset: true },
    });
    const { renderSwap } = await import("@/ml/index");
    const swappedPath = path.join(inputs.dir, inputs.footageKind === "video" ? "swapped.mp4" : "swapped.png");
    // Engine log lines go under the stage that was running when they were written.
    let engineStage: Parameters<typeof r.log>[0] = "extract";
    const swapped = await renderSwap({
      talentImages: inputs.talentImages,
      footagePath: inputs.footagePath,
      outputPath: swappedPath,
      preset: claimed.preset,
      maxPreset: renderConfig().maxPreset,
      steps: claimed.steps,
      store: sealedCheckpointStore(inputs.profileKey),
      checkpointKey,
      // The engine uses it only when the preset it runs is the base model's (else it logs why not).
      baseModelKey: talentModel?.status === "trained" ? talentModelKeyFor(claimed.order.profileId) : undefined,
      performer: inputs.performer ? { descriptor: inputs.performer.descriptor } : undefined,
      signal: stop.signal,
      stopSignal: opts.stopSignal,
      onProgress: (p) => {
        engineStage = p.stage;
        r.stage(p.stage, p.fraction);
      },
      onPreview: (jpeg) => r.preview(jpeg),
      onLog: (level, message) => log(engineStage, level, message),
    });
    log(
      "convert",
      "info",
      `Swapped the performer in ${swapped.framesSwapped} of ${swapped.framesWithPerformer} frames where they appear (${swapped.framesTotal} frames in all; ${swapped.backend}, ${swapped.device}); model ${swapped.modelId}, final training loss ${swapped.finalLoss.toFixed(4)}.`,
    );

    const markedPath = path.join(inputs.dir, inputs.footageKind === "video" ? "delivered.mp4" : "delivered.png");
    const totalFrames = Math.max(1, swapped.framesTotal);
    r.stage("watermark", 0);
    const marked = await markRenderedFile({
      inputPath: swappedPath,
      outputPath: markedPath,
      disclosureText: inputs.disclosureText,
      licenseId: inputs.licenseId,
      onFrame: (n) => r.stage("watermark", n / totalFrames),
      onEncoding: () => r.stage("encode", 0),
      signal: stop.signal,
    });
    r.stage("encode", 1);
    log(
      "watermark",
      "info",
      `Disclosure drawn with verify code ${marked.verifyCode}; invisible watermark embedded${marked.c2paMs === undefined ? "" : `; C2PA manifest signed and embedded (${Math.round(marked.c2paMs)} ms)`}.`,
    );

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
    await r.log(
      "sign",
      "info",
      `Manifest signed; output ${delivered.outputId} registered. ${delivered.status === "in_review" ? "Waiting for the talent's review." : "Delivered."}`,
    );
    say(`render ${renderJobId}: ${delivered.status}`);
    return "succeeded";
  } catch (e) {
    if (outputBlobKey) await deleteBlob(outputBlobKey).catch(() => undefined);
    const job = await db.renderJob.findUnique({ where: { id: renderJobId }, select: { status: true, workerId: true } });
    if (opts.stopSignal?.aborted && isAbort(e)) {
      // Handed back to the queue, not failed: a stopped worker does not use up one of the order's attempts.
      const handedBack = await db.renderJob.updateMany({
        where: { id: renderJobId, status: "running", workerId },
        data: { status: "queued", workerId: null, attempts: { decrement: 1 } },
      });
      await db.renderLogLine
        .create({
          data: {
            jobId: renderJobId,
            stage: "train",
            level: "info",
            message:
              `This worker is shutting down: ${e instanceof Error ? e.message : "stopped"}. Another worker continues from the last checkpoint.`.slice(
                0,
                2000,
              ),
          },
        })
        .catch(() => undefined);
      if (handedBack.count === 0) return "cancelled";
      say(`render ${renderJobId}: stopped with the worker; back in the queue`);
      // Thrown to pg-boss, which hands the job to the next worker after the queue's retry delay.
      throw new RetryRenderError("the worker stopped; the render continues on another worker from its checkpoint");
    }
    if (isAbort(e) || job?.status !== "running" || job.workerId !== workerId) {
      say(`render ${renderJobId}: stopped (${job?.status ?? "gone"})`);
      return "cancelled";
    }
    const message = e instanceof Error ? e.message : String(e);
    // Written directly: when the inputs could not be loaded there is no reporter yet, and the studio must still see why.
    await db.renderLogLine
      .create({
        data: {
          jobId: renderJobId,
          stage: "prepare",
          level: "error",
          message: `Attempt ${claimed.attempts} failed: ${message}`.slice(0, 2000),
        },
      })
      .catch(() => undefined);
    // A footage too small to carry the watermark (WatermarkTooSmallError, as the cause) stays too small on a retry.
    if (
      e instanceof PermanentRenderError ||
      isPermanentEngineError(e) ||
      isWatermarkTooSmall((e as { cause?: unknown } | null)?.cause) ||
      claimed.attempts >= RENDER_ATTEMPTS
    ) {
      await failRenderForGood({ db, renderJobId, orderId, error: message });
      say(`render ${renderJobId}: FAILED for good: ${message}`);
      return "failed";
    }
    // Back to the queue; pg-boss hands it to a worker again after a short delay.
    await db.renderJob.updateMany({
      where: { id: renderJobId, status: "running", workerId },
      data: { status: "queued", error: message, workerId: null },
    });
    throw new RetryRenderError(`attempt ${claimed.attempts} failed: ${message}`);
  } finally {
    await reporter?.stop();
    await inputs?.cleanup();
  }
}
