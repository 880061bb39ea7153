import { detectFaces, type DetectedFace } from "../faces/detect-faces";
import { headPose } from "../faces/head-pose";
import { decodeFrames, probeVideo } from "../media/ffmpeg";
import { throwIfAborted } from "../util/abort";
import { followFace } from "../video/performer-tracker";
import type { PoseSample } from "./head-turns";
import { MAX_CONSENT_VIDEO_SECONDS } from "./limits";
import { spoofScores, type SpoofScores } from "./spoof-models";

// Measures a consent video ("Verify it's you"): per sampled frame, how many
// faces, how large, the head pose; on a few frames the face descriptor and
// the anti-spoofing scores; and how much the mouth moves (the person reads a
// phrase aloud). decide-consent-video.ts turns this into an outcome.

/** Frames examined per second of video: enough for a held head turn (about half a second) to show in 2+ frames. */
export const SAMPLES_PER_SECOND = 8;
/** Every n-th examined frame also gets a descriptor and spoof scores (each costs about as much as detection). */
const IDENTITY_EVERY = 6;
/**
 * Every n-th examined frame runs the accurate detector on the whole frame and
 * counts the faces (a second person, a face that left); the frames between
 * follow the face with the fast detector around its last position (the
 * render's tracker), falling back to the whole frame when it is not there.
 * A divisor of IDENTITY_EVERY, so identity frames are whole-frame frames.
 */
const WHOLE_FRAME_EVERY = 3;

export type ConsentVideoReport = {
  durationSeconds: number;
  width: number;
  height: number;
  framesExamined: number;
  /** Examined frames with no face, exactly one, more than one. */
  faces: { none: number; one: number; many: number };
  /** Median width of the single face, in pixels (0 when none was seen). */
  medianFaceSize: number;
  /** Head pose per examined frame (null where there was not exactly one face). */
  poses: PoseSample[];
  /** Mean descriptor of the sampled faces (128-d), null when no face was seen. */
  descriptor: number[] | null;
  /** Largest distance of a sampled face from that mean: a second person stepping in shows here. */
  descriptorSpread: number;
  /** Median scores over the sampled faces, null when no face was seen. */
  spoof: SpoofScores | null;
  /** Standard deviation of the mouth opening (lip gap / face height) over the frames: ~0 for a closed, still mouth. */
  mouthMovement: number;
};

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Inner-lip gap (landmarks 62 top, 66 bottom) relative to the face box height.
 * Measured on whole-frame detections only: the landmark net's lip points move
 * with the crop it is given, and the tracking detector's crops differ from
 * the whole-frame detector's enough to read as a moving mouth on a still photo.
 */
function mouthOpening(face: DetectedFace): number {
  const top = face.landmarks[62]!,
    bottom = face.landmarks[66]!;
  return Math.hypot(bottom[0] - top[0], bottom[1] - top[1]) / Math.max(1, face.box.height);
}

export async function analyzeConsentVideo(file: string, o: { signal?: AbortSignal } = {}): Promise<ConsentVideoReport> {
  const info = await probeVideo(file);
  if (info.durationSeconds > MAX_CONSENT_VIDEO_SECONDS)
    throw new Error(`the consent video is ${Math.round(info.durationSeconds)} s long; record at most ${MAX_CONSENT_VIDEO_SECONDS} s`);
  const everyNth = Math.max(1, Math.round(info.fps / SAMPLES_PER_SECOND));
  const report: ConsentVideoReport = {
    durationSeconds: info.durationSeconds,
    width: info.width,
    height: info.height,
    framesExamined: 0,
    faces: { none: 0, one: 0, many: 0 },
    medianFaceSize: 0,
    poses: [],
    descriptor: null,
    descriptorSpread: 0,
    spoof: null,
    mouthMovement: 0,
  };
  const sizes: number[] = [],
    openings: number[] = [],
    descriptors: number[][] = [],
    scores: SpoofScores[] = [];
  let index = 0;
  let last: DetectedFace | undefined;
  // Browser recordings (WebM from MediaRecorder) have variable frame timing: decoded at their average rate, frame k is at k / fps.
  for await (const data of decodeFrames(file, info.width, info.height, { everyNth, info, what: "reading the consent video" })) {
    throwIfAborted(o.signal, "consent video check");
    const frame = { width: info.width, height: info.height, data };
    const t = (index * everyNth) / info.fps;
    const withIdentity = report.framesExamined % IDENTITY_EVERY === 0;
    const followed = last && report.framesExamined % WHOLE_FRAME_EVERY !== 0 ? await followFace(frame, last) : undefined;
    const faces = followed ? [followed] : await detectFaces(frame, { detector: "ssd", descriptors: withIdentity });
    last = faces.length === 1 ? faces[0] : undefined;
    report.framesExamined++;
    index++;
    if (faces.length !== 1) {
      if (faces.length === 0) report.faces.none++;
      else report.faces.many++;
      report.poses.push({ t, yaw: null, pitch: null });
      continue;
    }
    const face = faces[0]!;
    report.faces.one++;
    sizes.push(face.box.width);
    if (!followed) openings.push(mouthOpening(face));
    const pose = headPose(face.landmarks);
    report.poses.push({ t, yaw: pose.yaw, pitch: pose.pitch });
    if (withIdentity) {
      if (face.descriptor) descriptors.push(face.descriptor);
      scores.push(await spoofScores(frame, face));
    }
  }
  report.medianFaceSize = Math.round(median(sizes));
  if (descriptors.length > 0) {
    const mean = descriptors[0]!.map((_, i) => descriptors.reduce((s, d) => s + d[i]!, 0) / descriptors.length);
    report.descriptor = mean;
    report.descriptorSpread = Math.max(...descriptors.map((d) => Math.sqrt(d.reduce((s, v, i) => s + (v - mean[i]!) ** 2, 0))));
  }
  if (scores.length > 0)
    report.spoof = { antispoof: median(scores.map((s) => s.antispoof)), liveness: median(scores.map((s) => s.liveness)) };
  if (openings.length > 1) {
    const m = openings.reduce((s, v) => s + v, 0) / openings.length;
    report.mouthMovement = Math.sqrt(openings.reduce((s, v) => s + (v - m) ** 2, 0) / openings.length);
  }
  return report;
}
