import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { decodeFrames, ffmpegPath, probeVideo, run } from "../media/ffmpeg";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { testPhoto } from "../testing/photos";
import { findPerformers, type Performer } from "../video/find-performers";
import { LowCoverageError } from "../video/low-coverage-error";
import { talkingHeadClip, twoShotClip } from "../video/test-clips";
import { renderSwap, type RenderSwapOptions } from "./render-swap";

// Talent: human-sample-me.jpg's person. Footage: a two-shot of Grace Hopper
// (left) and Eileen Collins (python3-skimage-astronaut, right).
let dir: string;
let talentImages: Array<{ name: string; bytes: Uint8Array }>;
let twoShot: { file: string; splitX: number };
let performers: Performer[];

const base = (o: Partial<RenderSwapOptions> & Pick<RenderSwapOptions, "footagePath" | "outputPath">): RenderSwapOptions => ({
  talentImages,
  preset: "tiny",
  steps: 2,
  batchSize: 2,
  learningRate: 3e-3,
  seed: 5,
  store: createMemoryCheckpointStore(),
  checkpointKey: "jobs/test/model.lkae",
  ...o,
});

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  dir = await mkdtemp(path.join(tmpdir(), "ml-render-performer-"));
  talentImages = await augmentedPortraits(3);
  twoShot = await twoShotClip(dir, { right: "python3-skimage-astronaut.png", frames: 8 });
  performers = (await findPerformers(twoShot.file)).performers;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function frames(file: string): Promise<Uint8Array[]> {
  const info = await probeVideo(file);
  const out: Uint8Array[] = [];
  for await (const f of decodeFrames(file, info.width, info.height)) out.push(f);
  return out;
}

/**
 * Share of the pixels in columns [x0, x1) of two videos' frames that differ by
 * more than 40 levels in some channel: a painted face does, re-encoding
 * (x264 at crf 16) practically never does.
 */
async function changedShare(a: string, b: string, x0: number, x1: number): Promise<number> {
  const [fa, fb] = [await frames(a), await frames(b)];
  const width = (await probeVideo(a)).width;
  let changed = 0,
    n = 0;
  for (let f = 0; f < fa.length; f++) {
    for (let i = 0; i < fa[f]!.length; i += 3) {
      const x = (i / 3) % width;
      if (x < x0 || x >= x1) continue;
      n++;
      if ([0, 1, 2].some((c) => Math.abs(fa[f]![i + c]! - fb[f]![i + c]!) > 40)) changed++;
    }
  }
  return changed / n;
}

describe("renderSwap: the performer", () => {
  it("renders only the chosen person of a two-shot, for either choice; the other half changes no more than re-encoding does", async () => {
    expect(performers).toHaveLength(2);
    const width = (await probeVideo(twoShot.file)).width;
    for (const performer of performers) {
      const out = path.join(dir, `two-shot-${performer.id}.mp4`),
        logs: string[] = [];
      const r = await renderSwap(base({ footagePath: twoShot.file, outputPath: out, performer, onLog: (_, m) => logs.push(m) }));
      expect(r).toMatchObject({ framesTotal: 8, framesWithPerformer: 8, framesSwapped: 8, framesWithFace: 8 });
      expect(logs).toContain(
        `footage: 2 people seen; replacing the chosen performer (${performer.id}, in 8 sampled frames, faces ${performer.medianFaceSize} px)`,
      );
      // Which half is the performer's is not known up front; each choice must change exactly one, and the two choices different ones.
      const [left, right] = [
        await changedShare(twoShot.file, out, 0, twoShot.splitX),
        await changedShare(twoShot.file, out, twoShot.splitX, width),
      ];
      const [swapped, untouched] = left > right ? [left, right] : [right, left];
      expect(untouched).toBeLessThan(0.0005);
      expect(swapped).toBeGreaterThan(0.005);
      (performer as Performer & { side?: string }).side = left > right ? "left" : "right";
    }
    expect(performers.map((p) => (p as Performer & { side?: string }).side).sort()).toEqual(["left", "right"]);
  });

  it("fails with a clear error when the chosen performer does not appear in the footage", async () => {
    const stranger = await findPerformers(testPhoto("human-sample-me.jpg"));
    await expect(
      renderSwap(base({ footagePath: twoShot.file, outputPath: path.join(dir, "nobody.mp4"), performer: stranger.performers[0]! })),
    ).rejects.toThrow(
      /^the chosen performer does not appear in this footage \(2 people were seen in 8 sampled frames of .*two-shot-8\.mp4\)$/,
    );
  });

  it("with preset auto, chooses the preset from the performer's face size, says why, warns that the model paints smaller, and names it in modelId", async () => {
    const still = path.join(dir, "still.png");
    await sharp(testPhoto("python-matplotlib-data-grace_hopper.jpg")).resize(256).png().toFile(still);
    const logs: string[] = [];
    const r = await renderSwap(
      base({
        footagePath: still,
        outputPath: path.join(dir, "auto.png"),
        preset: "auto",
        maxPreset: "tiny",
        onLog: (level, m) => logs.push(`${level}: ${m}`),
      }),
    );
    expect(r.modelId).toBe("tiny@2");
    const size = /replacing the person seen most often \(p1, in 1 sampled frames, faces (\d+) px\)/.exec(logs.join("\n"))?.[1];
    expect(Number(size)).toBeGreaterThan(50);
    expect(logs).toContain(
      `info: preset: tiny, chosen automatically: the performer's faces are ${size} px (median); no preset up to tiny covers them, so the largest allowed, tiny (19 px), is used`,
    );
    expect(logs).toContain(`warn: faces are ${size} px, the model paints 19 px: expect a soft face; a larger preset needs a GPU worker`);
  });

  it("fails with LowCoverageError and delivers nothing when the performer could not be swapped in enough frames", async () => {
    const clip = path.join(dir, "blackout.mp4"),
      out = path.join(dir, "blackout-out.mp4");
    await run(ffmpegPath(), [
      "-v",
      "error",
      "-i",
      await talkingHeadClip(dir, { frames: 18, photo: "python-matplotlib-data-grace_hopper.jpg" }),
      "-vf",
      "drawbox=enable='between(n,7,9)':x=0:y=0:w=iw:h=ih:color=black:t=fill",
      "-c:a",
      "copy",
      clip,
    ]);
    const error = await renderSwap(base({ footagePath: clip, outputPath: out })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LowCoverageError);
    expect(error).toMatchObject({ framesSwapped: 15, framesWithPerformer: 18, framesTotal: 18 });
    expect(existsSync(out)).toBe(false);
  });
});
