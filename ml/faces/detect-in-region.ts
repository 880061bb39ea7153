import type { Point } from "../image/affine";
import type { RgbImage } from "../image/rgb-image";
import { detectFaces, type DetectedFace, type DetectOptions } from "./detect-faces";

export type Region = { x: number; y: number; width: number; height: number };

/** The square of side `scale` x the landmarks' extent around their centre, clipped to the image: where a face that moved a little since is searched. */
export function regionAround(landmarks: readonly Point[], scale: number, width: number, height: number): Region {
  const b = landmarkBox(landmarks);
  const side = Math.max(b.width, b.height) * scale;
  const x = Math.max(0, Math.floor(b.x + b.width / 2 - side / 2)), y = Math.max(0, Math.floor(b.y + b.height / 2 - side / 2));
  return { x, y, width: Math.max(1, Math.min(width, Math.ceil(x + side)) - x), height: Math.max(1, Math.min(height, Math.ceil(y + side)) - y) };
}

export function landmarkBox(landmarks: readonly Point[]): Region {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of landmarks) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Detects faces in a region of the image only; results are in image
 * coordinates. The detectors scale their input to a fixed size, so in a crop
 * around a face that face is larger to them: the fast detector finds faces
 * here that it misses in the whole frame, and it runs on far fewer pixels.
 */
export async function detectFacesInRegion(img: RgbImage, region: Region, opts: DetectOptions = {}): Promise<DetectedFace[]> {
  const { x, y, width, height } = region;
  const data = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * img.width + x) * 3;
    data.set(img.data.subarray(from, from + width * 3), row * width * 3);
  }
  const faces = await detectFaces({ width, height, data }, opts);
  return faces.map((f) => ({
    ...f,
    box: { ...f.box, x: f.box.x + x, y: f.box.y + y },
    landmarks: f.landmarks.map(([px, py]) => [px + x, py + y] as Point),
  }));
}
