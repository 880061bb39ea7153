import { alignmentFor, cropFace } from "../faces/align-face";
import { median } from "../faces/identity-tracks";
import { toRgbImage } from "../image/rgb-image";
import { encodeImage } from "../media/image-io";
import { scanFootagePeople } from "./scan-footage-people";

/** One person seen in the footage: whom a studio can choose to replace. */
export type Performer = {
  /** Stable within one result: "p1", "p2"... in order of first appearance. */
  id: string;
  /** 128-d, the mean of this person's face descriptors; pass it back as RenderSwapOptions.performer. */
  descriptor: number[];
  /** The face, aligned, about 160 px, JPEG. */
  thumbnailJpeg: Uint8Array;
  /** Sampled frames where this person appears. */
  frames: number;
  firstSeenSeconds: number;
  /** Median face box width in px. */
  medianFaceSize: number;
};

export type FindPerformersResult = { kind: "video" | "image"; framesExamined: number; performers: Performer[] };

const THUMBNAIL_PX = 160;
// Wider than the model's crop: a person choosing wants hair and chin in view.
const THUMBNAIL_MARGIN = 0.35;

/**
 * The people in a video (sampled frames, at most `maxSamples`, default
 * MAX_FOOTAGE_SAMPLES) or a still image (each face a performer), most often
 * seen first. Each thumbnail is the person's largest, most confident face.
 */
export async function findPerformers(
  footagePath: string,
  o: { signal?: AbortSignal; maxSamples?: number } = {},
): Promise<FindPerformersResult> {
  const best = new Map<string, { rank: number; thumbnail: Uint8Array; firstSeenSeconds: number }>();
  const people = await scanFootagePeople(footagePath, {
    ...o,
    onFace: async (sample, face, track) => {
      const rank = face.score * face.box.width;
      const seen = best.get(track.id);
      if (seen && seen.rank >= rank) return;
      const thumbnail = toRgbImage(cropFace(sample.image, alignmentFor(face.landmarks, THUMBNAIL_PX, THUMBNAIL_MARGIN)));
      best.set(track.id, {
        rank,
        thumbnail: await encodeImage(thumbnail, "jpeg", { quality: 85 }),
        firstSeenSeconds: seen?.firstSeenSeconds ?? sample.seconds,
      });
    },
  });
  return {
    kind: people.footage.kind,
    framesExamined: people.framesExamined,
    performers: people.tracks.map((t) => ({
      id: t.id,
      descriptor: t.descriptor,
      thumbnailJpeg: best.get(t.id)!.thumbnail,
      frames: t.frames.length,
      firstSeenSeconds: Math.round(best.get(t.id)!.firstSeenSeconds * 1000) / 1000,
      medianFaceSize: Math.round(median(t.faceWidths)),
    })),
  };
}
