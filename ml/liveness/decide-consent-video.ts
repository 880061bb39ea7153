import { descriptorDistance } from "../faces/descriptor-distance";
import type { ConsentVideoReport } from "./analyze-consent-video";
import { DEFAULT_HEAD_TURN_RULES, judgeHeadTurns, type HeadTurnPrompt, type HeadTurnResult } from "./head-turns";

// The outcome of a consent video: verified, rejected with the reasons the
// person can act on, or sent to an admin when a signal is borderline. Pure:
// thresholds and rules are tested on recorded reports.

export type ConsentVideoOutcome = "verified" | "rejected" | "review";

export type ConsentVideoReasonCode =
  | "too_short"
  | "more_than_one_face"
  | "face_not_visible"
  | "face_too_small"
  | "head_turns_missing"
  | "different_person"
  | "no_reference_face"
  | "borderline_match"
  | "identity_changed"
  | "spoof_suspected"
  | "phrase_not_read";

export type ConsentVideoReason = { code: ConsentVideoReasonCode; severity: "reject" | "review"; message: string };

export const CONSENT_VIDEO_RULES = {
  /** Frames examined: below this the video is too short to judge (about 2 s at 8 per second). */
  minFrames: 16,
  /** Share of examined frames that must show exactly one face. */
  minOneFaceShare: 0.85,
  /** Share of frames with a second face above which someone else is in the recording. */
  maxManyFaceShare: 0.05,
  /** Median face width in pixels: smaller faces give unreliable poses and descriptors. */
  minFaceSize: 80,
  /**
   * Distance of the video's face to the likeness set's (128-d descriptors):
   * at most `verifyDistance` verifies, above `rejectDistance` is another
   * person, in between goes to review. face-api's own "same person" limit is
   * 0.6; the stricter 0.5 keeps look-alikes out (measured FAR/FRR: ml/README.md).
   */
  verifyDistance: 0.5,
  rejectDistance: 0.6,
  /** A sampled face this far from the video's mean face: the person may have changed mid-recording. */
  maxDescriptorSpread: 0.5,
  /** Median anti-spoofing and liveness scores below these go to review (uncalibrated on attacks: never a rejection alone). */
  minAntispoof: 0.5,
  minLiveness: 0.5,
  /** Lip-gap variation below this: the phrase was probably not read aloud (a still mouth measures ~0.002). */
  minMouthMovement: 0.008,
} as const;

export type ConsentVideoDecision = {
  outcome: ConsentVideoOutcome;
  reasons: ConsentVideoReason[];
  /** Distance of the video's face to the reference, when both exist. */
  distance: number | null;
  headTurns: HeadTurnResult;
};

const PROMPT_TEXT: Record<HeadTurnPrompt, string> = {
  left: "turn your head to your left",
  right: "turn your head to your right",
  up: "look up",
};
const pct = (x: number) => `${Math.round(x * 100)}%`;

export function decideConsentVideo(
  report: ConsentVideoReport,
  opts: { prompts: readonly HeadTurnPrompt[]; referenceDescriptor: readonly number[] | null },
  rules = CONSENT_VIDEO_RULES,
): ConsentVideoDecision {
  const reasons: ConsentVideoReason[] = [];
  const reject = (code: ConsentVideoReasonCode, message: string) => reasons.push({ code, severity: "reject", message });
  const review = (code: ConsentVideoReasonCode, message: string) => reasons.push({ code, severity: "review", message });
  const n = Math.max(1, report.framesExamined);
  const headTurns = judgeHeadTurns(report.poses, opts.prompts, DEFAULT_HEAD_TURN_RULES);

  if (report.framesExamined < rules.minFrames)
    reject(
      "too_short",
      `The video is too short to check (${report.durationSeconds.toFixed(1)} s). Record the whole sequence, about 10 seconds.`,
    );
  if (report.faces.many / n > rules.maxManyFaceShare)
    reject("more_than_one_face", `Another face was in the picture in ${pct(report.faces.many / n)} of the video. Record alone.`);
  if (report.faces.one / n < rules.minOneFaceShare)
    reject(
      "face_not_visible",
      `Your face was visible in only ${pct(report.faces.one / n)} of the video. Keep your whole face in the frame throughout.`,
    );
  if (report.faces.one > 0 && report.medianFaceSize < rules.minFaceSize)
    reject(
      "face_too_small",
      `Your face is ${report.medianFaceSize} px wide in the video; come closer so it is at least ${rules.minFaceSize} px.`,
    );
  if (!headTurns.passed) {
    const missing = headTurns.missing[0]!;
    reject(
      "head_turns_missing",
      `The head turns were not seen in the order asked: "${PROMPT_TEXT[missing]}"${headTurns.done.length ? ` was not done after "${PROMPT_TEXT[headTurns.done.at(-1)!.prompt]}"` : " was not done"}. A photo or a replayed video cannot follow the prompts; turn clearly and hold each turn for a moment.`,
    );
  }

  let distance: number | null = null;
  if (!report.descriptor) {
    // Nothing to compare: the reasons above already say why no face was seen.
  } else if (!opts.referenceDescriptor) {
    review("no_reference_face", "The likeness set has no analysed face to compare with; an admin compares the video with the photos.");
  } else {
    distance = descriptorDistance(report.descriptor, opts.referenceDescriptor);
    if (distance > rules.rejectDistance)
      reject(
        "different_person",
        `The face in the video does not match the likeness set's photos (distance ${distance.toFixed(2)}; at most ${rules.verifyDistance} verifies).`,
      );
    else if (distance > rules.verifyDistance)
      review(
        "borderline_match",
        `The face in the video is close to, but not clearly, the likeness set's face (distance ${distance.toFixed(2)}); an admin compares them.`,
      );
  }
  if (report.descriptor && report.descriptorSpread > rules.maxDescriptorSpread)
    review(
      "identity_changed",
      `The face changed during the recording (spread ${report.descriptorSpread.toFixed(2)}); an admin checks the video.`,
    );
  if (report.spoof && (report.spoof.antispoof < rules.minAntispoof || report.spoof.liveness < rules.minLiveness)) {
    review(
      "spoof_suspected",
      `The anti-spoofing check scored the face low (real ${report.spoof.antispoof.toFixed(2)}, live ${report.spoof.liveness.toFixed(2)}); an admin checks the video.`,
    );
  }
  if (report.faces.one > 1 && report.mouthMovement < rules.minMouthMovement)
    review("phrase_not_read", "The mouth barely moved: the phrase may not have been read aloud; an admin checks the video.");

  const outcome: ConsentVideoOutcome = reasons.some((r) => r.severity === "reject")
    ? "rejected"
    : reasons.length > 0
      ? "review"
      : "verified";
  return { outcome, reasons, distance, headTurns };
}
