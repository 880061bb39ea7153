import { decodeImage } from "../media/image-io";
import type { RgbImage } from "../image/rgb-image";
import { isAbortError, throwIfAborted } from "../util/abort";
import { decodeFrames, probeVideo, type VideoInfo } from "../media/ffmpeg";

/** Footage frames sampled for training and for finding the people in a shot: enough to cover poses and light, few enough to keep extraction short. */
export const MAX_FOOTAGE_SAMPLES = 60;

const STILL = /\.(jpe?g|png|webp)$/i;

export function isStillImage(file: string): boolean {
  return STILL.test(file);
}

export type FootageSample = { image: RgbImage; /** the frame's index in the video (0 for a still) */ frame: number; seconds: number };

export type FootageSampler = {
  kind: "video" | "image";
  /** Every n-th frame is examined (1 for a still). */
  everyNth: number;
  /** Estimated number of samples (a video's frame count comes from its duration). */
  estimatedSamples: number;
  info?: VideoInfo;
  /** A still footage image, decoded once (the convert stage paints onto it). */
  still?: RgbImage;
  samples: () => AsyncGenerator<FootageSample>;
};

/**
 * Opens footage for sampling: a still image is one sample; a video yields
 * every n-th frame, n chosen so at most `maxSamples` frames are examined
 * (ffmpeg drops the others before they are piped). Errors say which step
 * failed: reading, decoding, or no frames at all.
 */
export async function openFootage(file: string, o: { maxSamples?: number; signal?: AbortSignal } = {}): Promise<FootageSampler> {
  const maxSamples = Math.max(1, o.maxSamples ?? MAX_FOOTAGE_SAMPLES);
  if (isStillImage(file)) {
    let image: RgbImage;
    try {
      image = await decodeImage(file);
    } catch (e) {
      throw new Error(`the footage image ${file} could not be read: ${(e as Error).message}`, { cause: e });
    }
    return {
      kind: "image",
      still: image,
      everyNth: 1,
      estimatedSamples: 1,
      samples: async function* () {
        yield { image, frame: 0, seconds: 0 };
      },
    };
  }
  let info: VideoInfo;
  try {
    info = await probeVideo(file);
  } catch (e) {
    throw new Error(`the footage ${file} could not be read as a video: ${(e as Error).message}`, { cause: e });
  }
  const estimated = Math.max(1, Math.round(info.durationSeconds * info.fps));
  const everyNth = Math.max(1, Math.ceil(estimated / maxSamples));
  return {
    kind: "video",
    everyNth,
    estimatedSamples: Math.ceil(estimated / everyNth),
    info,
    samples: async function* () {
      let n = 0;
      try {
        for await (const data of decodeFrames(file, info.width, info.height, { everyNth })) {
          throwIfAborted(o.signal, "render");
          const frame = n * everyNth;
          yield { image: { width: info.width, height: info.height, data }, frame, seconds: frame / (info.fps || 1) };
          n++;
        }
      } catch (e) {
        if (isAbortError(e)) throw e;
        throw new Error(`the footage ${file} could not be decoded: ${(e as Error).message}`, { cause: e });
      }
      if (n === 0) throw new Error(`the footage ${file} has no decodable video frames`);
    },
  };
}
