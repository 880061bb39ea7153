// The recording page's live guide (the person sees when each prompt is done):
// where the face is in the picture, and the head turns ticked off in order as
// the page measures the pose on the camera's frames. Pure, with the same
// rules as the server's check of the recorded video (head-turns.ts,
// decide-consent-video.ts), so a turn the page ticks is a turn the server
// counts. The page imports this file: it must stay free of tfjs and Node.

import { CONSENT_VIDEO_RULES } from "./decide-consent-video";
import {
  advanceHeadTurns,
  DEFAULT_HEAD_TURN_RULES,
  median,
  startHeadTurnProgress,
  type HeadTurnProgress,
  type HeadTurnPrompt,
  type HeadTurnRules,
  type PoseSample,
} from "./head-turns";

export type FaceBox = { x: number; y: number; width: number; height: number };

/** ok: one face, in the picture, large enough; otherwise what the person should do. */
export type FaceFraming = "ok" | "none" | "many" | "outside" | "small";

export const FRAMING_RULES = {
  /**
   * Face width as a share of the frame's width below which the page asks the
   * person to come closer. The server's floor is CONSENT_VIDEO_RULES.minFaceSize
   * pixels (80); a face at 12% of a 640-1280 px frame is 77-154 px, and at a
   * laptop's usual distance a face fills 20-35%, so the page asks for a little
   * more than the floor and a recording it calls fine clears it.
   */
  minWidthShare: 0.12,
  /** How far (share of the face box) the box may reach past the frame's edge: the landmark fit needs the whole face. */
  maxOutside: 0.1,
} as const;

/** What the live guide says about the faces found in one frame. */
export function faceFraming(faces: readonly FaceBox[], frame: { width: number; height: number }, rules = FRAMING_RULES): FaceFraming {
  if (faces.length === 0) return "none";
  if (faces.length > 1) return "many";
  const f = faces[0]!;
  const mx = f.width * rules.maxOutside,
    my = f.height * rules.maxOutside;
  if (f.x < -mx || f.y < -my || f.x + f.width > frame.width + mx || f.y + f.height > frame.height + my) return "outside";
  if (f.width < Math.max(CONSENT_VIDEO_RULES.minFaceSize, rules.minWidthShare * frame.width)) return "small";
  return "ok";
}

export const FRAMING_TEXT: Record<FaceFraming, string> = {
  ok: "Face found",
  none: "Move into the frame",
  many: "Only you in the picture, please",
  outside: "Move into the frame",
  small: "Come closer",
};

/**
 * The live state of the head-turn prompts during one recording. The resting
 * pose is the median of the poses measured while the person reads the phrase
 * (at least 3, as the server's check needs), which is where the server's rest
 * comes from too: the first quarter of a recording is the phrase.
 */
export type LiveHeadTurns = {
  /** Poses measured so far towards the resting pose. */
  restSamples: Array<{ yaw: number; pitch: number }>;
  rest: { yaw: number; pitch: number } | null;
  progress: HeadTurnProgress;
};

export const MIN_REST_SAMPLES = 3;

export function startLiveHeadTurns(): LiveHeadTurns {
  return { restSamples: [], rest: null, progress: startHeadTurnProgress() };
}

/**
 * One measured frame. While `calibrating` (the phrase is on screen), or until
 * there are MIN_REST_SAMPLES faced frames, a frame adds to the resting pose;
 * after that it steps through the prompts with the server's rule.
 */
export function advanceLiveHeadTurns(
  state: LiveHeadTurns,
  sample: PoseSample,
  prompts: readonly HeadTurnPrompt[],
  opts: { calibrating: boolean },
  rules: HeadTurnRules = DEFAULT_HEAD_TURN_RULES,
): LiveHeadTurns {
  if (opts.calibrating || state.restSamples.length < MIN_REST_SAMPLES) {
    if (sample.yaw === null) return state;
    const restSamples = [...state.restSamples, { yaw: sample.yaw, pitch: sample.pitch }];
    const rest = { yaw: median(restSamples.map((s) => s.yaw)), pitch: median(restSamples.map((s) => s.pitch)) };
    return { ...state, restSamples, rest };
  }
  const progress = advanceHeadTurns(state.progress, sample, prompts, state.rest!, rules);
  return progress === state.progress ? state : { ...state, progress };
}

/** The prompts done so far, in order. */
export function turnsDone(state: LiveHeadTurns): number {
  return state.progress.done.length;
}
