import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

// The pool of other people's faces a talent's base model trains decoder A on
// (ml/render/base-model.ts). Only photos whose licence allows it, all from
// packages that scripts/fetch-test-photos.sh fetches into .data/fixtures/photos:
//
// - python3-skimage-astronaut.png: Eileen Collins, NASA portrait (Debian
//   python3-skimage, skimage/data/astronaut.png); a work of NASA, public domain.
// - python3-skimage-camera.png: "cameraman" (Debian python3-skimage,
//   skimage/data/camera.png); scikit-image lists it without copyright
//   restrictions (CC0 by its photographer since scikit-image 0.18).
//
// Left out on purpose: python-matplotlib-data-grace_hopper.jpg (public domain,
// but the tests' and the demo's footage person: a pool containing her would
// flatter the fine-tuning measurement), opencv-doc-messi5.jpg (the photo's own
// licence is not documented; a 32 px face), the @vladmandic/human samples
// (group photos that include the test talent; sample-face.jpg is a game
// character render, not a real person).
export const PUBLIC_FACE_POOL = [
  {
    file: "python3-skimage-astronaut.png",
    person: "Eileen Collins",
    source: "Debian python3-skimage, skimage/data/astronaut.png",
    license: "public domain (NASA)",
  },
  {
    file: "python3-skimage-camera.png",
    person: "cameraman",
    source: "Debian python3-skimage, skimage/data/camera.png",
    license: "no copyright restrictions (scikit-image data notes; CC0)",
  },
] as const;

/**
 * The pool photos as bytes. From `dir` given as a custom pool (every .jpg,
 * .jpeg, .png and .webp in it), else the PUBLIC_FACE_POOL files found in the
 * fixtures folder `fixturesDir`. An empty result means no pool is available.
 */
export async function loadFacePool(opts: { customDir?: string; fixturesDir: string }): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const names = opts.customDir
    ? (await readdir(opts.customDir).catch(() => [] as string[])).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort()
    : PUBLIC_FACE_POOL.map((p) => p.file);
  const dir = opts.customDir ?? opts.fixturesDir;
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const name of names) {
    try {
      out.push({ name, bytes: new Uint8Array(await readFile(path.join(dir, name))) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  return out;
}
