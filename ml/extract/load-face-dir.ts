import path from "node:path";
import { decodeImage } from "../media/image-io";
import { addAlignedFace, addFace, emptyFaceSet, type FaceSet } from "../train/face-set";
import { listImages } from "./extract-faces";
import { readFaceIndex } from "./face-index";

export type FaceDirResult = {
  set: FaceSet;
  /** Images in which no face was found. */
  skipped: number;
  /** Crops taken from extract's faces.json (no detection). */
  aligned: number;
};

/**
 * A training face set from a folder: extract's aligned crops through their
 * faces.json landmarks, any other image (ordinary photos) by detection. One
 * image is decoded at a time; only the crops at the model's resolution stay.
 */
export async function loadFaceSetDir(dir: string, resolution: number, margin: number): Promise<FaceDirResult> {
  const index = await readFaceIndex(dir);
  const indexed = new Map((index?.faces ?? []).map((f) => [f.file, f]));
  const set = emptyFaceSet(resolution);
  let skipped = 0,
    aligned = 0;
  for (const file of await listImages(dir)) {
    const img = await decodeImage(file);
    const entry = indexed.get(path.basename(file));
    if (entry) {
      addAlignedFace(set, img, entry.landmarks, margin);
      aligned++;
    } else if (!(await addFace(set, img, margin))) skipped++;
  }
  if (set.faces.length === 0) throw new Error(`no faces found in ${dir}; check that its images show a face`);
  return { set, skipped, aligned };
}
