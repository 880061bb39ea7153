// The head-turn challenge of the consent video: the page asks the person to
// turn their head in a random order (left, right, up); a replayed still photo
// or a photo held to the camera cannot follow it. The rules work on the head
// pose track measured from the video's frames (yaw and pitch in degrees, see
// faces/head-pose.ts) and are pure, so they are tested on recorded tracks.

export type HeadTurnPrompt = "left" | "right" | "up";
export const HEAD_TURN_PROMPTS: readonly HeadTurnPrompt[] = ["left", "right", "up"];

/** One measured frame: seconds from the start, and the head pose (null: no single face in the frame). */
export type PoseSample = { t: number; yaw: number; pitch: number } | { t: number; yaw: null; pitch: null };

export type HeadTurnRules = {
  /** How far from the person's resting pose a turn must go, in degrees. */
  minDegrees: number;
  /** Consecutive frames a turn must be held, so one noisy landmark fit does not count. */
  holdFrames: number;
};

// 15 degrees is a clear, comfortable turn; frontal fits of the 68-point
// landmarks wander by 3-6 degrees frame to frame, so a held 15 is never noise.
export const DEFAULT_HEAD_TURN_RULES: HeadTurnRules = { minDegrees: 15, holdFrames: 2 };

export type HeadTurnResult = {
  /** Each prompt that was done, in the order asked, with when and how far. */
  done: Array<{ prompt: HeadTurnPrompt; at: number; degrees: number }>;
  /** The prompts not done (in order), the first of which stopped the sequence. */
  missing: HeadTurnPrompt[];
  /** The resting pose the turns are measured from. */
  rest: { yaw: number; pitch: number } | null;
  passed: boolean;
};

// The camera sees the person from the front: when they turn their head to
// their own left, their nose points to the image's right, which head-pose.ts
// reports as positive yaw. Looking up is positive pitch.
export function turnDegrees(prompt: HeadTurnPrompt, yaw: number, pitch: number, rest: { yaw: number; pitch: number }): number {
  if (prompt === "left") return yaw - rest.yaw;
  if (prompt === "right") return rest.yaw - yaw;
  return pitch - rest.pitch;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Whether the prompts were done in the order asked. The resting pose is the
 * median of the frames before the first turn could begin (the first quarter
 * of the faced frames, at least 3): people rarely face the camera at exactly
 * 0 degrees. Turns count only in order: a right turn made before the
 * requested left one does not satisfy "right" afterwards.
 */
export function judgeHeadTurns(
  samples: readonly PoseSample[],
  prompts: readonly HeadTurnPrompt[],
  rules: HeadTurnRules = DEFAULT_HEAD_TURN_RULES,
): HeadTurnResult {
  const faced = samples.filter((s): s is { t: number; yaw: number; pitch: number } => s.yaw !== null);
  if (faced.length < 3) return { done: [], missing: [...prompts], rest: null, passed: prompts.length === 0 };
  const head = faced.slice(0, Math.max(3, Math.ceil(faced.length / 4)));
  const rest = { yaw: median(head.map((s) => s.yaw)), pitch: median(head.map((s) => s.pitch)) };
  let progress = startHeadTurnProgress();
  for (const s of samples) {
    if (progress.done.length >= prompts.length) break;
    progress = advanceHeadTurns(progress, s, prompts, rest, rules);
  }
  const next = progress.done.length;
  return { done: progress.done, missing: prompts.slice(next), rest, passed: next === prompts.length };
}

/** How far through the prompts a track has come: the turns done, and how long the current one has been held. */
export type HeadTurnProgress = { done: HeadTurnResult["done"]; held: number; peak: number };

export function startHeadTurnProgress(): HeadTurnProgress {
  return { done: [], held: 0, peak: 0 };
}

/**
 * One sample's step through the prompts, in order: the rule both the server's
 * check (judgeHeadTurns) and the recording page's live guide apply. The
 * current prompt is done once it has been held `holdFrames` samples in a row
 * at `minDegrees` or more from the resting pose; a sample without a single
 * face or short of the threshold starts the hold again.
 */
export function advanceHeadTurns(
  progress: HeadTurnProgress,
  s: PoseSample,
  prompts: readonly HeadTurnPrompt[],
  rest: { yaw: number; pitch: number },
  rules: HeadTurnRules = DEFAULT_HEAD_TURN_RULES,
): HeadTurnProgress {
  const prompt = prompts[progress.done.length];
  if (!prompt) return progress;
  const degrees = s.yaw === null ? 0 : turnDegrees(prompt, s.yaw, s.pitch, rest);
  if (degrees < rules.minDegrees) return { done: progress.done, held: 0, peak: 0 };
  const held = progress.held + 1,
    peak = Math.max(progress.peak, degrees);
  if (held < rules.holdFrames) return { done: progress.done, held, peak };
  return { done: [...progress.done, { prompt, at: s.t, degrees: Math.round(peak * 10) / 10 }], held: 0, peak: 0 };
}

/** A random order of the three turns for one recording (the page shows it; the server checks it). */
export function randomHeadTurnPrompts(random: () => number = Math.random): HeadTurnPrompt[] {
  const order = [...HEAD_TURN_PROMPTS];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
