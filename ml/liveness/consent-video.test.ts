import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFaces, largestFace } from "../faces/detect-faces";
import { decodeImage } from "../media/image-io";
import { leftTurnClip, stillPhotoClip, TURNED_FACE_PHOTO } from "../testing/head-turn-clips";
import { testPhoto } from "../testing/photos";
import { analyzeConsentVideo, type ConsentVideoReport } from "./analyze-consent-video";
import { CONSENT_VIDEO_RULES, decideConsentVideo } from "./decide-consent-video";

// The consent-video check on real faces: the stand-in clips of
// ml/testing/head-turn-clips.ts (real photos of one person at real head
// poses; what they leave untested is said there).

let dir: string;
let reference: number[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "likeness-consent-video-"));
  // The likeness set's face: the whole photo at its own size (the clips crop, scale and compress it).
  const face = largestFace(await detectFaces(await decodeImage(testPhoto(TURNED_FACE_PHOTO)), { descriptors: true }));
  reference = face!.descriptor!;
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("consent video on real faces", () => {
  it("rejects a still photo held to the camera: the face matches, but no head turn is ever seen", async () => {
    const video = await stillPhotoClip(dir);
    const report = await analyzeConsentVideo(video);
    expect(report.framesExamined).toBeGreaterThanOrEqual(CONSENT_VIDEO_RULES.minFrames);
    expect(report.faces.one).toBe(report.framesExamined);
    expect(report.medianFaceSize).toBeGreaterThan(CONSENT_VIDEO_RULES.minFaceSize);
    const decision = decideConsentVideo(report, { prompts: ["left", "right"], referenceDescriptor: reference });
    expect(decision.outcome).toBe("rejected");
    expect(decision.reasons.filter((r) => r.severity === "reject").map((r) => r.code)).toEqual(["head_turns_missing"]);
    expect(decision.distance!).toBeLessThan(CONSENT_VIDEO_RULES.verifyDistance);
    // A still mouth: the phrase was not read either.
    expect(report.mouthMovement).toBeLessThan(CONSENT_VIDEO_RULES.minMouthMovement);
  }, 120_000);

  it("sees a real head turn and its direction: turned right at rest, then to her left", async () => {
    const video = await leftTurnClip(dir);
    const report = await analyzeConsentVideo(video);
    const left = decideConsentVideo(report, { prompts: ["left"], referenceDescriptor: reference });
    expect(left.headTurns.passed).toBe(true);
    expect(left.headTurns.done[0]!.degrees).toBeGreaterThan(30);
    expect(left.headTurns.done[0]!.at).toBeGreaterThanOrEqual(1.1);
    expect(left.distance!).toBeLessThan(CONSENT_VIDEO_RULES.rejectDistance);
    // She never turned further right than where she started.
    expect(decideConsentVideo(report, { prompts: ["right"], referenceDescriptor: reference }).headTurns.passed).toBe(false);
  }, 120_000);
});

/** A report as analyzeConsentVideo returns it, for the decision rules. */
function report(over: Partial<ConsentVideoReport> = {}): ConsentVideoReport {
  const poses = [...Array(80)].map((_, i) => {
    const t = i / 8;
    const yaw = t > 3 && t < 4 ? 30 : t > 5 && t < 6 ? -30 : 0;
    const pitch = t > 7 && t < 8 ? 25 : 0;
    return { t, yaw, pitch };
  });
  const descriptor = Array.from({ length: 128 }, (_, i) => Math.sin(i) / 8);
  return {
    durationSeconds: 10,
    width: 1280,
    height: 720,
    framesExamined: 80,
    faces: { none: 0, one: 80, many: 0 },
    medianFaceSize: 240,
    poses,
    descriptor,
    descriptorSpread: 0.2,
    spoof: { antispoof: 0.7, liveness: 0.95 },
    mouthMovement: 0.03,
    ...over,
  };
}
const PROMPTS = ["left", "right", "up"] as const;
const same = report().descriptor!;
const shifted = (d: number) => same.map((v, i) => (i === 0 ? v + d : v));

describe("consent video decision rules", () => {
  it("verifies one live, turning, speaking face that matches the likeness set", () => {
    const d = decideConsentVideo(report(), { prompts: PROMPTS, referenceDescriptor: shifted(0.3) });
    expect(d).toMatchObject({ outcome: "verified", reasons: [] });
    expect(d.distance).toBeCloseTo(0.3, 6);
  });

  it("rejects another person, and sends a borderline match to review", () => {
    expect(
      decideConsentVideo(report(), { prompts: PROMPTS, referenceDescriptor: shifted(0.7) }).reasons.map((r) => [r.code, r.severity]),
    ).toEqual([["different_person", "reject"]]);
    expect(decideConsentVideo(report(), { prompts: PROMPTS, referenceDescriptor: shifted(0.55) })).toMatchObject({
      outcome: "review",
      reasons: [{ code: "borderline_match" }],
    });
  });

  it("rejects a second person in the picture, a face mostly out of frame, a small face, and a video too short", () => {
    const codes = (r: ConsentVideoReport) =>
      decideConsentVideo(r, { prompts: PROMPTS, referenceDescriptor: same }).reasons.map((x) => x.code);
    expect(codes(report({ faces: { none: 0, one: 70, many: 10 } }))).toContain("more_than_one_face");
    expect(codes(report({ faces: { none: 40, one: 40, many: 0 } }))).toContain("face_not_visible");
    expect(codes(report({ medianFaceSize: 60 }))).toContain("face_too_small");
    expect(codes(report({ framesExamined: 10, faces: { none: 0, one: 10, many: 0 }, durationSeconds: 1.2 }))).toContain("too_short");
  });

  it("names the first head turn that was not done", () => {
    // The report's turns come left, right, up: after "look up" nothing more happens.
    const d = decideConsentVideo(report(), { prompts: ["up", "left", "right"], referenceDescriptor: same });
    expect(d.outcome).toBe("rejected");
    expect(d.reasons[0]!.message).toContain('"turn your head to your left" was not done after "look up"');
  });

  it("sends low anti-spoofing scores, a changing face, a still mouth and a missing reference to review, never to rejection alone", () => {
    const outcome = (r: ConsentVideoReport, ref: number[] | null = same) =>
      decideConsentVideo(r, { prompts: PROMPTS, referenceDescriptor: ref });
    expect(outcome(report({ spoof: { antispoof: 0.2, liveness: 0.9 } }))).toMatchObject({
      outcome: "review",
      reasons: [{ code: "spoof_suspected" }],
    });
    expect(outcome(report({ descriptorSpread: 0.7 }))).toMatchObject({ outcome: "review", reasons: [{ code: "identity_changed" }] });
    expect(outcome(report({ mouthMovement: 0.001 }))).toMatchObject({ outcome: "review", reasons: [{ code: "phrase_not_read" }] });
    expect(outcome(report(), null)).toMatchObject({ outcome: "review", reasons: [{ code: "no_reference_face" }] });
  });
});
