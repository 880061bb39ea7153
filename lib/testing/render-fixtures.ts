import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { augmentedPortraits } from "@/ml/testing/likeness-fixtures";
import { testPhoto } from "@/ml/testing/photos";
import { ffmpegPath, run } from "@/lib/media";
import { uploadStudioFile, uploadTestPhoto } from "./builders";

// Real media for tests that render: a likeness set of one real person
// (human-sample-me.jpg from the @vladmandic/human npm package, augmented: no
// offline source has many photos of one person) and target footage of another
// real person (Grace Hopper, python-matplotlib-data, public domain) as a short
// panning clip with an audio track. Photos come from scripts/fetch-test-photos.sh.

export const FOOTAGE_PHOTO = "python-matplotlib-data-grace_hopper.jpg";

/**
 * A `seconds`-long H.264 clip panning over a real face, with a 440 Hz AAC
 * track: 320x240 at 12 fps by default (tests), or e.g. 1280x720 at 25 fps (benchmarks).
 */
export async function makeFootageClip(
  seconds = 1.5,
  photo = FOOTAGE_PHOTO,
  size: { width: number; height: number; fps: number } = { width: 320, height: 240, fps: 12 },
): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-footage-"));
  try {
    const out = path.join(dir, "footage.mp4");
    const frames = Math.round(seconds * size.fps);
    const { width: w, height: h } = size;
    await run(ffmpegPath(), [
      "-v",
      "error",
      "-loop",
      "1",
      "-i",
      testPhoto(photo),
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
      "-filter_complex",
      `[0:v]scale=${Math.round(w * 1.125)}:-2,crop=${w}:${h}:'t*${Math.round(w / 16)}':${Math.round(h / 6)},format=yuv420p[v]`,
      "-map",
      "[v]",
      "-map",
      "1:a",
      "-r",
      String(size.fps),
      "-frames:v",
      String(frames),
      "-c:v",
      "libx264",
      "-c:a",
      "aac",
      "-shortest",
      out,
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Uploads `count` real portraits of one person to the profile and analyses them with the real engine. */
export async function uploadAnalyzedLikenessSet(db: Db, manager: Actor, profileId: string, count = 4): Promise<{ usable: number }> {
  for (const p of await augmentedPortraits(count)) await uploadTestPhoto(db, manager, profileId, Buffer.from(p.bytes));
  for (;;) {
    const step = await analyzePendingAssets({ db, batchSize: count });
    if (!step.more) break;
  }
  const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
  const report = await likenessSetReportOf(db, profile);
  return { usable: report.photos.filter((p) => p.image?.usable).length };
}

/** Uploads a real footage clip as the studio's target footage. */
export async function uploadFootageClip(db: Db, studio: Actor, seconds = 1.5) {
  return uploadStudioFile(db, studio, "TARGET_FOOTAGE", await makeFootageClip(seconds));
}
