// The stages of a render as the studio sees them, in pipeline order, with the
// share of the total time each usually takes (measured on the tiny preset on
// 2 CPU cores: training and conversion dominate). Overall progress and the ETA
// are computed here once, for the worker that writes them and the API/pages
// that show them.

// The delivered file is stored (sealed) before it is signed and registered, so
// that registration, which makes it downloadable and verifiable, comes last and
// happens once, in the delivery transaction.
export const RENDER_STAGES = ["prepare", "extract", "train", "convert", "watermark", "encode", "store", "sign"] as const;
export type RenderStageName = (typeof RENDER_STAGES)[number];

export const RENDER_STAGE_LABELS: Record<RenderStageName, string> = {
  prepare: "Prepare inputs",
  extract: "Extract faces",
  train: "Train the model",
  convert: "Convert frames",
  watermark: "Watermark and disclose",
  encode: "Encode",
  store: "Store the output (encrypted)",
  sign: "Sign and register",
};

const WEIGHTS: Record<RenderStageName, number> = {
  prepare: 0.02,
  extract: 0.08,
  train: 0.5,
  convert: 0.28,
  watermark: 0.07,
  encode: 0.02,
  sign: 0.01,
  store: 0.02,
};

export type StageProgress = { stage: RenderStageName; fraction: number; startedAt: string | null; finishedAt: string | null };

export function initialStages(): StageProgress[] {
  return RENDER_STAGES.map((stage) => ({ stage, fraction: 0, startedAt: null, finishedAt: null }));
}

/**
 * Records progress within one stage: earlier stages are complete, the stage's
 * fraction never goes backwards (a resumed job re-reports from its checkpoint).
 */
export function advanceStages(stages: StageProgress[], stage: RenderStageName, fraction: number, now: Date): StageProgress[] {
  const at = RENDER_STAGES.indexOf(stage);
  const iso = now.toISOString();
  const clamped = Math.min(1, Math.max(0, fraction));
  return RENDER_STAGES.map((name, i) => {
    const prev = stages.find((s) => s.stage === name) ?? { stage: name, fraction: 0, startedAt: null, finishedAt: null };
    if (i < at) return { ...prev, fraction: 1, startedAt: prev.startedAt ?? iso, finishedAt: prev.finishedAt ?? iso };
    if (i > at) return prev;
    const f = Math.max(prev.fraction, clamped);
    return { ...prev, fraction: f, startedAt: prev.startedAt ?? iso, finishedAt: f >= 1 ? (prev.finishedAt ?? iso) : null };
  });
}

/** Overall fraction 0..1, stages weighted by their usual share of the time. */
export function overallProgress(stages: StageProgress[]): number {
  let total = 0;
  for (const s of stages) total += WEIGHTS[s.stage] * s.fraction;
  return Math.min(1, total);
}

/**
 * Seconds left, from the time spent so far and the overall fraction; null until
 * there is enough progress (2 %) for the estimate to mean something.
 */
export function estimateSecondsLeft(startedAt: Date, now: Date, progress: number): number | null {
  if (progress < 0.02 || progress >= 1) return progress >= 1 ? 0 : null;
  const elapsed = (now.getTime() - startedAt.getTime()) / 1000;
  return Math.max(0, Math.round((elapsed * (1 - progress)) / progress));
}

/** Stage progress as stored (a JSON column), parsed leniently: unknown stages are dropped. */
export function parseStages(value: unknown): StageProgress[] {
  const list = Array.isArray(value) ? value : [];
  const known = new Map<RenderStageName, StageProgress>();
  for (const item of list) {
    if (!item || typeof item !== "object") continue;
    const s = item as Record<string, unknown>;
    if (!RENDER_STAGES.includes(s.stage as RenderStageName)) continue;
    known.set(s.stage as RenderStageName, {
      stage: s.stage as RenderStageName,
      fraction: typeof s.fraction === "number" && Number.isFinite(s.fraction) ? Math.min(1, Math.max(0, s.fraction)) : 0,
      startedAt: typeof s.startedAt === "string" ? s.startedAt : null,
      finishedAt: typeof s.finishedAt === "string" ? s.finishedAt : null,
    });
  }
  return RENDER_STAGES.map((stage) => known.get(stage) ?? { stage, fraction: 0, startedAt: null, finishedAt: null });
}
