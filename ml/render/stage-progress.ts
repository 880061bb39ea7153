export type RenderStage = "extract" | "train" | "convert";

export type RenderProgress = { stage: RenderStage; fraction: number; etaSeconds?: number; message?: string };

export type StageProgress = {
  /** Reports `fraction` of the stage; values below the last one reported are raised to it, so the fraction never goes back. */
  report: (fraction: number, extra?: { etaSeconds?: number; message?: string }) => void;
  /** Reports exactly 1 and returns the stage's wall time in seconds. */
  finish: (message?: string) => number;
};

/**
 * One stage's progress. Estimates (a video's frame count from its duration,
 * a resumed run's first step) can overshoot or restart below an earlier
 * value; the platform shows these fractions as bars, which must only grow.
 */
export function stageProgress(stage: RenderStage, onProgress?: (p: RenderProgress) => void): StageProgress {
  const started = performance.now();
  let last = 0;
  const emit = (fraction: number, extra: { etaSeconds?: number; message?: string } = {}) => {
    last = Math.max(last, Math.min(1, Math.max(0, fraction)));
    onProgress?.({ stage, fraction: last, ...extra });
  };
  return {
    report(fraction, extra) {
      // An ETA from the elapsed time when the stage has no better one.
      const elapsed = (performance.now() - started) / 1000;
      const clamped = Math.min(1, Math.max(last, fraction));
      const eta = extra?.etaSeconds ?? (clamped > 0 ? (elapsed / clamped) * (1 - clamped) : undefined);
      emit(fraction, { ...extra, ...(eta !== undefined && Number.isFinite(eta) ? { etaSeconds: Math.max(0, eta) } : {}) });
    },
    finish(message) {
      emit(1, { etaSeconds: 0, ...(message ? { message } : {}) });
      return (performance.now() - started) / 1000;
    },
  };
}
