import type { Point } from "../image/affine";
import type { RgbImage } from "../image/rgb-image";
import { detectFaces, type DetectedFace, type DetectOptions } from "./detect-faces";

export type Region = { x: number; y: number; width: number; height: number };

/** The square of side `scale` x the landmarks' extent around their centre, clipped to the image: where a face that moved a little since is searched. */
export function regionAround(landmarks: readonly Point[], scale: number, width: number, height: number): Region {
  const b = landmarkBox(landmarks);
  const side = Math.max(b.width, b.height) * scale;
  const x = Math.max(0, Math.floor(b.x + b.width / 2 - side / 2)),
    y = Math.max(0, Math.floor(b.y + b.height / 2 - side / 2));
  return {
    x,
    y,
    width: Math.max(1, Math.min(width, Math.ceil(x + side)) - x),
    height: Math.max(1, Math.min(height, Math.ceil(y + side)) - y),
  };
}

export function landmarkBox(landmarks: readonly Point[]): Region {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [x, y] of landmarks) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Detects faces in a region of the image only; results are in image
 * coordinates. The detectors scale their input to a fixed size, so in a crop
 * around a face that face is larger to them: the fast detector finds faces
 * here that it misses in the whole frame, and it runs on far fewer pixels.
 * A region larger than `maxSide` is shrunk by a whole factor first: the
 * detector and the 112 px landmark net gain nothing from more pixels, and
 * moving a 900 px crop into tfjs costs more than detecting.
 */
export async function detectFacesInRegion(
  img: RgbImage,
  region: Region,
  opts: DetectOptions & { maxSide?: number } = {},
): Promise<DetectedFace[]> {
  const k = Math.max(1, Math.ceil(Math.max(region.width, region.height) / (opts.maxSide ?? Infinity)));
  const faces = await detectFaces(cropShrunk(img, region, k), opts);
  const { x, y } = region;
  return faces.map((f) => ({
    ...f,
    box: { x: f.box.x * k + x, y: f.box.y * k + y, width: f.box.width * k, height: f.box.height * k },
    landmarks: f.landmarks.map(([px, py]) => [px * k + x, py * k + y] as Point),
  }));
}

/**
 * The region shrunk by a whole factor k (k = 1: a plain copy), padded with
 * black at the right or bottom to a square. Each output pixel is the mean of
 * the 2x2 pixels at its block's centre rather than of all k x k: a 2.2x
 * region around a 400 px face is ~900 px square, and reading every pixel of
 * it cost more than the detection. The padding is what the tiny detector
 * does itself (tfjs concat on the wasm backend, ~9 ms a frame here for a
 * region cut by the frame's edge); zeros from a fresh array cost nothing.
 */
function cropShrunk(img: RgbImage, region: Region, k: number): RgbImage {
  const { x, y } = region;
  const width = Math.floor(region.width / k),
    height = Math.floor(region.height / k),
    side = Math.max(width, height);
  const data = new Uint8Array(side * side * 3);
  if (k === 1) {
    for (let row = 0; row < height; row++) {
      const from = ((y + row) * img.width + x) * 3;
      data.set(img.data.subarray(from, from + width * 3), row * side * 3);
    }
    return { width: side, height: side, data };
  }
  const half = k >> 1,
    stride = img.width * 3,
    src = img.data;
  for (let row = 0; row < height; row++) {
    let o = row * side * 3;
    const top = ((y + row * k + half - 1) * img.width + x + half - 1) * 3;
    for (let col = 0; col < width; col++, o += 3) {
      const i = top + col * k * 3;
      for (let c = 0; c < 3; c++) data[o + c] = (src[i + c]! + src[i + 3 + c]! + src[i + stride + c]! + src[i + stride + 3 + c]! + 2) >> 2;
    }
  }
  return { width: side, height: side, data };
}
