import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Point } from "../image/affine";

// faces.json: what `extract` writes beside its aligned crops, so that a
// training run (train --a DIR) can use them without detecting them again.

export const FACE_INDEX = "faces.json";

export type FaceIndexEntry = {
  /** Crop file name in the folder. */
  file: string;
  /** The image, or `video#frame`, the face was found in. */
  source: string;
  /** 68 landmarks in crop pixels. */
  landmarks: Point[];
  /** Width of the detected face box in source pixels. */
  faceSize: number;
  /** Source pixels to crop pixels: above 1 the face was upscaled. */
  scale: number;
};

export type FaceIndex = { size: number; margin: number; faces: FaceIndexEntry[] };

/** The folder's faces.json, or null when it has none (a folder of ordinary photos). */
export async function readFaceIndex(dir: string): Promise<FaceIndex | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, FACE_INDEX), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const index = JSON.parse(text) as FaceIndex;
  if (
    !Array.isArray(index.faces) ||
    index.faces.some((f) => typeof f.file !== "string" || !Array.isArray(f.landmarks) || f.landmarks.length !== 68)
  ) {
    throw new Error(`${path.join(dir, FACE_INDEX)} is not an extract index (faces with a file and 68 landmarks each)`);
  }
  return index;
}
