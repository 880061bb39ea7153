import type { Db } from "@/lib/db/client";
import { putSealedBlob } from "@/lib/storage/blob-store";
import { advanceStages, estimateSecondsLeft, overallProgress, parseStages, type RenderStageName, type StageProgress } from "./stages";

export type RenderReporter = {
  stage: (stage: RenderStageName, fraction: number) => void;
  log: (stage: RenderStageName, level: "info" | "warn" | "error", message: string) => Promise<void>;
  preview: (jpeg: Uint8Array) => void;
  /** The stage progress as recorded so far (with each stage's start and end). */
  stages: () => StageProgress[];
  /** Writes what is pending and stops the heartbeat. */
  stop: () => Promise<void>;
};

/**
 * What a running render tells the world, once a second in one UPDATE: the
 * heartbeat (a worker that stops beating is replaced, lib/render/sweep-stale-renders.ts),
 * per-stage progress, the overall fraction and the ETA. The UPDATE is
 * conditional on the job still being this worker's and running; when it
 * matches nothing the job was cancelled or handed on, and `onLost` aborts the
 * work within a second.
 */
export function createRenderReporter(opts: {
  db: Db;
  jobId: string;
  workerId: string;
  startedAt: Date;
  stages: unknown;
  studioKey: Buffer;
  onLost: () => void;
  intervalMs?: number;
}): RenderReporter {
  const { db, jobId, workerId } = opts;
  let stages: StageProgress[] = parseStages(opts.stages);
  let current: RenderStageName | null = null;
  let dirty = true;
  let pendingPreview: Uint8Array | null = null;
  let lost = false;
  const previewKey = `render-previews/${jobId.toLowerCase()}`;

  const beat = async () => {
    const now = new Date();
    const progress = overallProgress(stages);
    const data = dirty
      ? { heartbeatAt: now, stages, stage: current, progress, etaSeconds: estimateSecondsLeft(opts.startedAt, now, progress) }
      : { heartbeatAt: now };
    dirty = false;
    const preview = pendingPreview;
    pendingPreview = null;
    if (preview) await putSealedBlob(previewKey, opts.studioKey, Buffer.from(preview));
    const updated = await db.renderJob.updateMany({
      where: { id: jobId, workerId, status: "running" },
      data: preview ? { ...data, previewBlobKey: previewKey } : data,
    });
    if (updated.count === 0 && !lost) {
      lost = true;
      opts.onLost();
    }
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(beat).catch((e: unknown) => console.error(`[render ${jobId}] progress write failed:`, e));
  }, opts.intervalMs ?? 1000);

  return {
    stage(stage, fraction) {
      stages = advanceStages(stages, stage, fraction, new Date());
      current = stage;
      dirty = true;
    },
    async log(stage, level, message) {
      await db.renderLogLine.create({ data: { jobId, stage, level, message: message.slice(0, 2000) } });
    },
    preview(jpeg) {
      pendingPreview = jpeg;
    },
    stages: () => stages,
    async stop() {
      clearInterval(timer);
      await running;
      if (!lost) await beat().catch(() => undefined);
    },
  };
}
