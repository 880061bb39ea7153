import { writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { ffmpegPath, run } from "../media/ffmpeg";
import { testPhoto } from "./photos";

// Stand-ins for a consent video, from real faces. No package here ships a
// video of a person turning their head, so a "turn" is one real photo of a
// woman turned about 28 degrees to her left (@vladmandic/human's sample7) and
// its mirror image (the same face turned as far to her right): a clip that
// starts on one and cuts to the other is a real head turn of about 56
// degrees in a known direction. Left untested by these: the motion between
// poses, looking up, and speech (the phrase) — those need a camera recording.
// (She is not the likeness subject of other fixtures, the man of
// human-sample-me.jpg: face-api puts the two faces 0.75 apart.)

export const TURNED_FACE_PHOTO = "human-sample7.jpg";

/** A square 320 px PNG of sample7's face, turned to her left, or mirrored: turned to her right. */
export async function turnedFaceFrame(dir: string, turned: "left" | "right"): Promise<string> {
  let img = sharp(testPhoto(TURNED_FACE_PHOTO)).extract({ left: 20, top: 620, width: 500, height: 500 });
  if (turned === "right") img = img.flop();
  const file = path.join(dir, `face-turned-${turned}.png`);
  await img.resize(320, 320).png().toFile(file);
  return file;
}

/** A clip of still frames, each held for its seconds, at 25 fps: H.264 MP4, or VP8 WebM as a browser records. */
export async function stillFramesClip(
  dir: string,
  name: string,
  frames: Array<[string, number]>,
  format: "mp4" | "webm" = "mp4",
): Promise<string> {
  const list = path.join(dir, `${name}.txt`);
  await writeFile(list, frames.map(([f, s]) => `file '${f}'\nduration ${s}\n`).join("") + `file '${frames.at(-1)![0]}'\n`);
  const out = path.join(dir, `${name}.${format}`);
  const codec = format === "mp4" ? ["-c:v", "libx264", "-crf", "20"] : ["-c:v", "libvpx", "-b:v", "1M"];
  await run(ffmpegPath(), ["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-vf", "fps=25,format=yuv420p", ...codec, out]);
  return out;
}

/** A still photo held to the camera for `seconds`. */
export async function stillPhotoClip(dir: string, seconds = 2.4, format: "mp4" | "webm" = "mp4"): Promise<string> {
  return stillFramesClip(dir, `still-${format}`, [[await turnedFaceFrame(dir, "left"), seconds]], format);
}

/** At rest turned to her right, then a turn to her left (about 56 degrees), then back. */
export async function leftTurnClip(dir: string, format: "mp4" | "webm" = "mp4"): Promise<string> {
  const right = await turnedFaceFrame(dir, "right"),
    left = await turnedFaceFrame(dir, "left");
  return stillFramesClip(
    dir,
    `left-turn-${format}`,
    [
      [right, 1.2],
      [left, 0.8],
      [right, 0.4],
    ],
    format,
  );
}

/** Her photo as a likeness set holds it: a 600 px crop of the original that shows only her (JPEG). */
export async function turnedFacePortrait(): Promise<Buffer> {
  return sharp(testPhoto(TURNED_FACE_PHOTO)).extract({ left: 0, top: 550, width: 600, height: 600 }).jpeg({ quality: 92 }).toBuffer();
}
