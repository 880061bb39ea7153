import type { DetectedFace } from "../faces/detect-faces";
import { decodeImage } from "../media/image-io";
import type { RgbImage } from "../image/rgb-image";
import type { ModelConfig } from "../model/presets";
import { addFace, emptyFaceSet, type FaceSet } from "../train/face-set";
import { isAbortError, throwIfAborted } from "../util/abort";
import { decodeFrames, probeVideo, type VideoInfo } from "../media/ffmpeg";

/** Footage faces sampled for training: enough to cover the shot's poses and light, few enough to keep extraction short. */
export const MAX_FOOTAGE_SAMPLES = 60;

const STILL = /\.(jpe?g|png|webp)$/i;

export function isStillImage(file: string): boolean {
  return STILL.test(file);
}

/**
 * A face narrower than the model's face area (the crop minus its margins) is
 * upsampled into the training crop: the swap comes out softer than the shot.
 */
export function isSmallFace(face: DetectedFace, config: ModelConfig): boolean {
  return face.box.width < config.resolution * (1 - 2 * config.margin);
}

export type FaceSetReport = { set: FaceSet; inputs: number; withFace: number; smallFaces: number; unreadable: string[] };

type Progress = { signal?: AbortSignal; onItem?: (done: number, total: number) => void };

/** The talent's training faces, one per reference photo that shows a face. */
export async function talentFaceSet(photos: Array<{ name: string; bytes: Uint8Array }>, config: ModelConfig, o: Progress = {}): Promise<FaceSetReport> {
  if (photos.length === 0) throw new Error("no talent photos were given; the talent's likeness set is empty");
  const r: FaceSetReport = { set: emptyFaceSet(config.resolution), inputs: photos.length, withFace: 0, smallFaces: 0, unreadable: [] };
  for (const [i, photo] of photos.entries()) {
    throwIfAborted(o.signal, "render");
    let image: RgbImage;
    try {
      image = await decodeImage(photo.bytes);
    } catch {
      r.unreadable.push(photo.name);
      continue;
    }
    count(r, await addFace(r.set, image, config.margin), config);
    o.onItem?.(i + 1, photos.length);
  }
  if (r.withFace === 0) {
    throw new Error(`no face found in any of the ${photos.length} talent photos${r.unreadable.length ? ` (${r.unreadable.length} could not be read as images)` : ""}; the talent's likeness set needs clear photos that each show one face`);
  }
  return r;
}

export type FootageFaces = FaceSetReport & { kind: "video" | "image"; everyNth: number; info?: VideoInfo; still?: RgbImage };

/**
 * The footage's training faces: the still image's face, or the main face of
 * every n-th frame of a video, n chosen so at most MAX_FOOTAGE_SAMPLES frames
 * are examined. A still is kept decoded for the convert stage.
 */
export async function footageFaceSet(file: string, config: ModelConfig, o: Progress = {}): Promise<FootageFaces> {
  if (isStillImage(file)) {
    let still: RgbImage;
    try {
      still = await decodeImage(file);
    } catch (e) {
      throw new Error(`the footage image ${file} could not be read: ${(e as Error).message}`);
    }
    const r: FootageFaces = { kind: "image", set: emptyFaceSet(config.resolution), inputs: 1, withFace: 0, smallFaces: 0, unreadable: [], everyNth: 1, still };
    count(r, await addFace(r.set, still, config.margin), config);
    o.onItem?.(1, 1);
    return noFaceCheck(r, file);
  }
  let info: VideoInfo;
  try {
    info = await probeVideo(file);
  } catch (e) {
    throw new Error(`the footage ${file} could not be read as a video: ${(e as Error).message}`);
  }
  const estimated = Math.max(1, Math.round(info.durationSeconds * info.fps));
  const everyNth = Math.max(1, Math.ceil(estimated / MAX_FOOTAGE_SAMPLES));
  const total = Math.ceil(estimated / everyNth);
  const r: FootageFaces = { kind: "video", set: emptyFaceSet(config.resolution), inputs: 0, withFace: 0, smallFaces: 0, unreadable: [], everyNth, info };
  try {
    for await (const data of decodeFrames(file, info.width, info.height, { everyNth })) {
      throwIfAborted(o.signal, "render");
      r.inputs++;
      count(r, await addFace(r.set, { width: info.width, height: info.height, data }, config.margin), config);
      o.onItem?.(r.inputs, Math.max(total, r.inputs));
    }
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new Error(`the footage ${file} could not be decoded: ${(e as Error).message}`);
  }
  if (r.inputs === 0) throw new Error(`the footage ${file} has no decodable video frames`);
  return noFaceCheck(r, file);
}

/** "every frame", "every 2nd frame", "every 3rd frame", "every 11th frame"... for log lines and errors. */
export function everyNthText(n: number): string {
  if (n === 1) return "every frame";
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `every ${n}${suffix} frame`;
}

function count(r: FaceSetReport, face: DetectedFace | undefined, config: ModelConfig): void {
  if (!face) return;
  r.withFace++;
  if (isSmallFace(face, config)) r.smallFaces++;
}

function noFaceCheck(r: FootageFaces, file: string): FootageFaces {
  if (r.withFace > 0) return r;
  const where = r.kind === "image" ? "the footage image" : `any of the ${r.inputs} frames sampled from the footage (${everyNthText(r.everyNth)})`;
  throw new Error(`no face found in ${where} ${file}; the footage must show the face to replace, large and unobstructed`);
}
