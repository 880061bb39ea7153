import path from "node:path";
import { testPhoto } from "../testing/photos";
import { ffmpegPath, run } from "../media/ffmpeg";

// Short clips made from the real fixture photos for the tracking tests and
// benches: the face moves, zooms and shrinks the way footage does, and the
// truth (who is where) is known.

async function encode(out: string, inputs: string[], filter: string, frames: number, fps: number): Promise<string> {
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-y",
    ...inputs,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:sample_rate=44100:duration=${frames / fps + 0.5}`,
    "-filter_complex",
    `${filter},format=yuv420p[v]`,
    "-map",
    "[v]",
    "-map",
    `${inputs.filter((a) => a === "-i").length}:a`,
    "-r",
    String(fps),
    "-frames:v",
    String(frames),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-c:a",
    "aac",
    "-shortest",
    out,
  ]);
  return out;
}

/**
 * A talking head: the portrait at the frame's height on a grey backdrop
 * (at 720p the face is ~300 px wide, a usual framing), pushed in from 1x to
 * 1.35x while the window sways sideways and up and down, `frames` at 25 fps.
 */
export function talkingHeadClip(
  dir: string,
  o: { photo?: string; frames?: number; width?: number; height?: number } = {},
): Promise<string> {
  const frames = o.frames ?? 63,
    w = o.width ?? 480,
    h = o.height ?? 360;
  const out = path.join(dir, `talking-head-${w}x${h}-${frames}.mp4`);
  // zoompan emits one frame per input frame (d=1); `on` is the output frame number.
  const zoom = `zoompan=z='1+0.35*on/${frames}':x='iw/2-iw/zoom/2+iw*0.04*sin(on/5)':y='ih/2-ih/zoom/2+ih*0.03*sin(on/7)':d=1:s=${w}x${h}:fps=25`;
  return encode(
    out,
    ["-loop", "1", "-framerate", "25", "-i", testPhoto(o.photo ?? "human-sample-me.jpg")],
    `[0:v]scale=-2:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x707880,${zoom}`,
    frames,
    25,
  );
}

/** A small face: the portrait `faceHeight` px tall drifting across a 1280x720 grey canvas. */
export function smallFaceClip(dir: string, o: { photo?: string; frames?: number; photoHeight?: number } = {}): Promise<string> {
  const frames = o.frames ?? 40,
    ph = o.photoHeight ?? 160;
  const out = path.join(dir, `small-face-${ph}-${frames}.mp4`);
  return encode(
    out,
    [
      "-f",
      "lavfi",
      "-i",
      "color=c=0x606870:s=1280x720:r=25",
      "-loop",
      "1",
      "-framerate",
      "25",
      "-i",
      testPhoto(o.photo ?? "python-matplotlib-data-grace_hopper.jpg"),
    ],
    `[1:v]scale=-2:${ph}[p];[0:v][p]overlay=x='500+60*t':y='280+10*sin(t*3)'`,
    frames,
    25,
  );
}

/**
 * Two people side by side (each `half` px wide), each drifting a little:
 * `left` on the left, `right` on the right. Returns the split column too.
 */
export async function twoShotClip(
  dir: string,
  o: { left?: string; right?: string; frames?: number; half?: number } = {},
): Promise<{ file: string; splitX: number }> {
  const frames = o.frames ?? 20,
    half = o.half ?? 320,
    h = Math.round(half * 1.25);
  const out = path.join(dir, `two-shot-${frames}.mp4`);
  const side = (i: number, dx: string) =>
    `[${i}:v]scale=${half + 40}:${h + 20}:force_original_aspect_ratio=increase,crop=${half}:${h}:'20+${dx}':10[s${i}]`;
  await encode(
    out,
    [
      "-loop",
      "1",
      "-framerate",
      "25",
      "-i",
      testPhoto(o.left ?? "python-matplotlib-data-grace_hopper.jpg"),
      "-loop",
      "1",
      "-framerate",
      "25",
      "-i",
      testPhoto(o.right ?? "human-sample-me.jpg"),
    ],
    `${side(0, "10*sin(t*4)")};${side(1, "-10*sin(t*3)")};[s0][s1]hstack=inputs=2`,
    frames,
    25,
  );
  return { file: out, splitX: half };
}
