import type { DetectedFace } from "../faces/detect-faces";
import { decodeImage } from "../media/image-io";
import type { RgbImage } from "../image/rgb-image";
import type { ModelConfig } from "../model/presets";
import { addFace, emptyFaceSet, type FaceSet } from "../train/face-set";
import { throwIfAborted } from "../util/abort";
import type { VideoInfo } from "../media/ffmpeg";
import { matchingTrack, median } from "../faces/identity-tracks";
import { scanFootagePeople } from "../video/scan-footage-people";
import { captureFace, faceSetAt, type CapturedFace } from "./captured-faces";

export { MAX_FOOTAGE_SAMPLES, isStillImage } from "../video/footage-samples";

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
export async function talentFaceSet(
  photos: Array<{ name: string; bytes: Uint8Array }>,
  config: ModelConfig,
  o: Progress = {},
): Promise<FaceSetReport> {
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
    throw new Error(
      `no face found in any of the ${photos.length} talent photos${r.unreadable.length ? ` (${r.unreadable.length} could not be read as images)` : ""}; the talent's likeness set needs clear photos that each show one face`,
    );
  }
  return r;
}

export type FootagePerformer = {
  /** The track's id in this scan ("p1"...). */
  id: string;
  /** Mean descriptor of the performer's faces: what the convert stage follows. */
  descriptor: number[];
  /** Sampled frames where the performer appears. */
  frames: number;
  /** Median face box width in px. */
  medianFaceSize: number;
  /** "chosen": matched the requested descriptor; "most-seen": the person in the most sampled frames. */
  how: "chosen" | "most-seen";
  /** People seen in the sampled frames. */
  people: number;
};

export type FootageFaces = FaceSetReport & {
  kind: "video" | "image";
  everyNth: number;
  info?: VideoInfo;
  still?: RgbImage;
  performer: FootagePerformer;
  config: ModelConfig;
};

export type FootageOptions = Progress & {
  /** The person to replace (findPerformers' descriptor); absent: the person seen in the most sampled frames. */
  performer?: { descriptor: readonly number[] };
};

/** A fixed model config, or one chosen from the performer's median face size, with the largest candidate's resolution to capture faces at. */
export type FootageConfig = ModelConfig | { choose: (medianFaceSize: number) => ModelConfig; captureResolution: number; margin: number };

/**
 * The footage's training faces: the performer's faces in the still image or
 * in every n-th frame of a video (n chosen so at most MAX_FOOTAGE_SAMPLES
 * frames are examined). Every face is grouped by identity first, so the
 * performer is one person throughout, never "the largest face" of each
 * frame. A still is kept decoded for the convert stage.
 */
export async function footageFaceSet(file: string, footageConfig: FootageConfig, o: FootageOptions = {}): Promise<FootageFaces> {
  const fixed = "resolution" in footageConfig ? footageConfig : undefined;
  const capture =
    "resolution" in footageConfig
      ? { size: footageConfig.resolution, margin: footageConfig.margin }
      : { size: footageConfig.captureResolution, margin: footageConfig.margin };
  const captured = new Map<string, CapturedFace[]>();
  const people = await scanFootagePeople(file, {
    signal: o.signal,
    onSample: o.onItem,
    onFace: (sample, face, track) => {
      const list = captured.get(track.id) ?? [];
      list.push(captureFace(sample.image, face.landmarks, capture.size, capture.margin));
      captured.set(track.id, list);
    },
  });
  const { footage } = people;
  if (people.tracks.length === 0) {
    const where =
      footage.kind === "image"
        ? "the footage image"
        : `any of the ${people.framesExamined} frames sampled from the footage (${everyNthText(footage.everyNth)})`;
    throw new Error(`no face found in ${where} ${file}; the footage must show the face to replace, large and unobstructed`);
  }
  const track = o.performer ? matchingTrack(people.tracks, o.performer.descriptor) : people.tracks[0];
  if (!track)
    throw new Error(
      `the chosen performer does not appear in this footage (${people.tracks.length} ${people.tracks.length === 1 ? "person was" : "people were"} seen in ${people.framesExamined} sampled frames of ${file})`,
    );
  const medianFaceSize = median(track.faceWidths);
  const config = fixed ?? (footageConfig as Exclude<FootageConfig, ModelConfig>).choose(medianFaceSize);
  const set = faceSetAt(captured.get(track.id)!, config.resolution, config.margin);
  const smallFaces = track.faceWidths.filter((width) => width < config.resolution * (1 - 2 * config.margin)).length;
  return {
    kind: footage.kind,
    set,
    inputs: people.framesExamined,
    withFace: track.frames.length,
    smallFaces,
    unreadable: [],
    everyNth: footage.everyNth,
    info: footage.info,
    still: footage.still,
    config,
    performer: {
      id: track.id,
      descriptor: track.descriptor,
      frames: track.frames.length,
      medianFaceSize,
      how: o.performer ? "chosen" : "most-seen",
      people: people.tracks.length,
    },
  };
}

/** "every frame", "every 2nd frame", "every 3rd frame", "every 11th frame"... for log lines and errors. */
export function everyNthText(n: number): string {
  if (n === 1) return "every frame";
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `every ${n}${suffix} frame`;
}

function count(r: FaceSetReport, face: DetectedFace | undefined, config: ModelConfig): void {
  if (!face) return;
  r.withFace++;
  if (isSmallFace(face, config)) r.smallFaces++;
}
