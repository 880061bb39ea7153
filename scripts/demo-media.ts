import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { FOOTAGE_PHOTO, makeFootageClip } from "@/lib/testing/render-fixtures";
import { augmentedPortraits } from "@/ml/testing/likeness-fixtures";
import { PHOTO_DIR } from "@/ml/testing/photos";

// Real media for the demo world, so that a newcomer can order and receive a
// real render in the first minutes: Tia Talent's likeness set is six views of
// one real portrait (assets/sample-me.jpg of the npm package
// @vladmandic/human@0.20.11, MIT, its author's own photo; cropped, rotated and
// re-exposed as a phone burst would give), and the studio's footage is a short
// panning clip of another real person (Grace Hopper, public domain, from
// Debian's python-matplotlib-data). scripts/fetch-test-photos.sh fetches both
// into .data/fixtures/photos (npm pack, apt-get download; nothing committed).

const TALENT_PHOTO = "human-sample-me.jpg";
/** Without Debian's package (macOS, other Linux), the footage uses a second photo of the package author. */
const FALLBACK_FOOTAGE_PHOTO = "human-sample7.jpg";

export type DemoMedia = {
  talentPhotos: Array<{ name: string; bytes: Buffer }>;
  footage: { name: string; bytes: Buffer; source: string };
};

async function fetchPhotos(log: (line: string) => void): Promise<void> {
  if (existsSync(path.join(PHOTO_DIR, TALENT_PHOTO)) && existsSync(path.join(PHOTO_DIR, FOOTAGE_PHOTO))) return;
  log("fetching the demo photos (npm pack @vladmandic/human, apt-get download python-matplotlib-data)…");
  const script = path.resolve(import.meta.dirname, "fetch-test-photos.sh");
  await promisify(execFile)("bash", [script], { timeout: 180_000 }).catch((e: Error) =>
    log(`photo fetch incomplete: ${e.message.split("\n")[0]}`),
  );
}

/** The demo's real media, or null (with the reason logged) when the photos or ffmpeg cannot be had. */
export async function demoMedia(log: (line: string) => void): Promise<DemoMedia | null> {
  await fetchPhotos(log);
  if (!existsSync(path.join(PHOTO_DIR, TALENT_PHOTO))) {
    log("no real demo photos: the demo talent gets drawn placeholders and her renders will fail for lack of a face");
    return null;
  }
  const footagePhoto = existsSync(path.join(PHOTO_DIR, FOOTAGE_PHOTO)) ? FOOTAGE_PHOTO : FALLBACK_FOOTAGE_PHOTO;
  try {
    const portraits = await augmentedPortraits(6, TALENT_PHOTO);
    const clip = await makeFootageClip(3, footagePhoto);
    return {
      talentPhotos: portraits.map((p) => ({ name: p.name, bytes: Buffer.from(p.bytes) })),
      footage: { name: "lead-runner.mp4", bytes: clip, source: footagePhoto },
    };
  } catch (e) {
    log(`demo media could not be made (${(e as Error).message}); is ffmpeg installed?`);
    return null;
  }
}
