import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { alignmentFor, cropFace, landmarksInCrop } from "../faces/align-face";
import { detectFaces, largestFace } from "../faces/detect-faces";
import { decodeImage, encodeImage } from "../media/image-io";
import { toRgbImage, type RgbImage } from "../image/rgb-image";
import { decodeFrames, probeVideo } from "../media/ffmpeg";
import { FACE_INDEX, type FaceIndex, type FaceIndexEntry } from "./face-index";

export type ExtractOptions = { size?: number; margin?: number; everyNth?: number };

export type ExtractResult = {
  inputs: number;
  faces: number;
  skipped: string[];
  /** One line per face upscaled more than SMALL_FACE_UPSCALE into its crop, e.g. "clip.mp4#12: face of 25 px upscaled 10.2x". */
  smallFaces: string[];
};

/** Above this upscaling the crop holds less detail than its pixels suggest: worth telling. */
export const SMALL_FACE_UPSCALE = 2;

const IMAGE = /\.(jpe?g|png|webp)$/i;

export async function listImages(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => IMAGE.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Writes the aligned main face of every image in a folder, or of every n-th
 * frame of a video, as PNG crops plus faces.json (face-index.ts) with the
 * crop landmarks: `train --a DIR` re-aligns the crops from those landmarks
 * (load-face-dir.ts) instead of detecting faces that fill their crop, which
 * the detector does not find.
 */
export async function extractFaces(input: string, outDir: string, o: ExtractOptions = {}): Promise<ExtractResult> {
  const size = o.size ?? 256,
    margin = o.margin ?? 0.2,
    every = o.everyNth ?? 1;
  await mkdir(outDir, { recursive: true });
  const index: FaceIndexEntry[] = [];
  const skipped: string[] = [],
    smallFaces: string[] = [];
  let inputs = 0;
  const handle = async (img: RgbImage, source: string, name: string) => {
    inputs++;
    const face = largestFace(await detectFaces(img));
    if (!face) {
      skipped.push(source);
      return;
    }
    const a = alignmentFor(face.landmarks, size, margin);
    await writeFile(path.join(outDir, name), await encodeImage(toRgbImage(cropFace(img, a)), "png"));
    const [sa, sb, , sc, sd] = a.toCrop;
    const scale = Math.sqrt(Math.abs(sa * sd - sb * sc)),
      faceSize = Math.round(face.box.width);
    if (scale > SMALL_FACE_UPSCALE) smallFaces.push(`${source}: face of ${faceSize} px upscaled ${scale.toFixed(1)}x`);
    index.push({ file: name, source, landmarks: landmarksInCrop(face.landmarks, a), faceSize, scale: Math.round(scale * 100) / 100 });
  };
  if (IMAGE.test(input) || !(await isDir(input))) {
    if (IMAGE.test(input)) await handle(await decodeImage(input), input, "face-00000.png");
    else {
      const info = await probeVideo(input);
      let n = 0;
      for await (const frame of decodeFrames(input, info.width, info.height, { everyNth: every })) {
        await handle({ width: info.width, height: info.height, data: frame }, `${input}#${n}`, `frame-${String(n).padStart(6, "0")}.png`);
        n += every;
      }
    }
  } else {
    for (const [i, file] of (await listImages(input)).entries())
      await handle(await decodeImage(file), file, `face-${String(i).padStart(5, "0")}.png`);
  }
  const faceIndex: FaceIndex = { size, margin, faces: index };
  await writeFile(path.join(outDir, FACE_INDEX), JSON.stringify(faceIndex, null, 1));
  return { inputs, faces: index.length, skipped, smallFaces };
}

async function isDir(p: string): Promise<boolean> {
  try {
    await readdir(p);
    return true;
  } catch {
    return false;
  }
}
