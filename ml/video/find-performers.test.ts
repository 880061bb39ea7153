import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces } from "../faces/detect-faces";
import { decodeImage } from "../media/image-io";
import { ffmpegPath, run } from "../media/ffmpeg";
import { testPhoto } from "../testing/photos";
import { findPerformers } from "./find-performers";
import { twoShotClip } from "./test-clips";

// Grace Hopper on the left, the person of human-sample-me.jpg on the right.
let dir: string, clip: string, still: string;
const descriptors: Record<string, number[]> = {};

async function photoDescriptor(name: string): Promise<number[]> {
  const [face] = await detectFaces(await decodeImage(testPhoto(name)), { descriptors: true });
  return face!.descriptor!;
}

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  dir = await mkdtemp(path.join(tmpdir(), "ml-performers-"));
  clip = (await twoShotClip(dir, { frames: 12 })).file;
  still = path.join(dir, "two-shot.png");
  await run(ffmpegPath(), ["-v", "error", "-i", clip, "-frames:v", "1", still]);
  descriptors.hopper = await photoDescriptor("python-matplotlib-data-grace_hopper.jpg");
  descriptors.me = await photoDescriptor("human-sample-me.jpg");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Which of the two people a performer is, by their photos' descriptors. */
function whoIs(descriptor: number[]): string {
  const [hopper, me] = [descriptorDistance(descriptor, descriptors.hopper!), descriptorDistance(descriptor, descriptors.me!)];
  return Math.min(hopper, me) >= 0.6 ? "nobody" : hopper < me ? "hopper" : "me";
}

describe("findPerformers", () => {
  it("finds both people of a two-shot video as two performers seen in every sampled frame, each with a face thumbnail", async () => {
    const r = await findPerformers(clip);
    expect(r.kind).toBe("video");
    expect(r.framesExamined).toBe(12);
    expect(r.performers.map((p) => [p.id, p.frames, p.firstSeenSeconds])).toEqual([
      ["p1", 12, 0],
      ["p2", 12, 0],
    ]);
    expect(r.performers.map((p) => whoIs(p.descriptor)).sort()).toEqual(["hopper", "me"]);
    for (const p of r.performers) {
      expect(p.descriptor).toHaveLength(128);
      const thumb = await sharp(p.thumbnailJpeg).metadata();
      expect([thumb.format, thumb.width, thumb.height]).toEqual(["jpeg", 160, 160]);
      // Each half is 320 px wide; the faces fill about a third to a half of it.
      expect(p.medianFaceSize).toBeGreaterThan(80);
      expect(p.medianFaceSize).toBeLessThan(220);
    }
  });

  it("takes each face of a still image as a performer", async () => {
    const r = await findPerformers(still);
    expect([r.kind, r.framesExamined]).toEqual(["image", 1]);
    expect(r.performers.map((p) => p.frames)).toEqual([1, 1]);
    expect(r.performers.map((p) => whoIs(p.descriptor)).sort()).toEqual(["hopper", "me"]);
  });

  it("samples at most maxSamples frames of a video", async () => {
    const r = await findPerformers(clip, { maxSamples: 4 });
    expect(r.framesExamined).toBe(4);
    expect(r.performers.map((p) => p.frames)).toEqual([4, 4]);
  });
});
