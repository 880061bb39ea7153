import { swapImage } from "../convert/swap-image";
import { encodeImage, formatForPath } from "../media/image-io";
import type { RgbImage } from "../image/rgb-image";
import type { Autoencoder } from "../model/autoencoder";
import { throwIfAborted } from "../util/abort";
import { writeFileAtomic } from "../util/write-file-atomic";
import { swapVideo } from "../video/swap-video";
import type { StageProgress } from "./stage-progress";

export type ConvertResult = { framesTotal: number; framesWithFace: number; framesWithPerformer: number; framesSwapped: number };

type ConvertOptions = {
  progress: StageProgress;
  preview: (frame: RgbImage) => Promise<void>;
  signal?: AbortSignal;
  /** The performer's mean descriptor: only their face is swapped. */
  performer: { descriptor: readonly number[] };
  /** Video only: below this share of the performer's frames swapped, LowCoverageError and no output. */
  minCoverage?: number;
};

// The talent's decoder: training puts the footage's faces on decoder A and the
// talent's on B, so decoding a footage face with B paints the talent onto it.
const TALENT_SIDE = "b";

/** Swaps the performer in every frame of the footage video; resolution, exact frame rate and audio are kept (swapVideo). */
export async function convertVideo(model: Autoencoder, footage: string, out: string, o: ConvertOptions): Promise<ConvertResult> {
  const r = await swapVideo(model, footage, out, {
    side: TALENT_SIDE,
    performer: o.performer,
    minCoverage: o.minCoverage,
    signal: o.signal,
    onFrame: (frame) => o.preview(frame),
    onProgress: (p) =>
      o.progress.report(p.frame / Math.max(1, p.totalFrames), {
        etaSeconds: Math.max(0, p.totalFrames - p.frame) / Math.max(1e-6, p.framesPerSecond),
      }),
  });
  return {
    framesTotal: r.frames,
    framesWithFace: r.framesWithFace,
    framesWithPerformer: r.framesWithPerformer,
    framesSwapped: r.framesSwapped,
  };
}

/** Swaps the performer's face in the still footage image (the face nearest their descriptor) and writes it atomically in the format of `out`'s extension. */
export async function convertImage(model: Autoencoder, still: RgbImage, out: string, o: ConvertOptions): Promise<ConvertResult> {
  throwIfAborted(o.signal, "render");
  const { image, facesSwapped } = await swapImage(model, still, { side: TALENT_SIDE, performer: o.performer });
  throwIfAborted(o.signal, "render");
  await o.preview(image);
  await writeFileAtomic(out, await encodeImage(image, formatForPath(out, "png")));
  return { framesTotal: 1, framesWithFace: facesSwapped, framesWithPerformer: 1, framesSwapped: facesSwapped };
}
