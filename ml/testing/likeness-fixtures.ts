import sharp from "sharp";
import { testPhoto } from "./photos";

// One real person in several photos does not ship offline, so a likeness
// set is built from one portrait (human-sample-me.jpg, from the
// @vladmandic/human npm package; see scripts/fetch-test-photos.sh) by crops,
// small rotations and exposure changes, as a phone burst would give.
export async function augmentedPortraits(
  count: number,
  photoName = "human-sample-me.jpg",
): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const src = testPhoto(photoName);
  const meta = await sharp(src).metadata();
  const side = Math.min(meta.width!, meta.height!);
  const prefix = photoName === "human-sample-me.jpg" ? "me" : photoName.replace(/\.[a-z]+$/, "");
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  for (let i = 0; i < count; i++) {
    const angle = [-6, 0, 5, -3, 3, 7][i % 6]!;
    const crop = 20 + 15 * (i % 4);
    const buf = await sharp(src)
      .extract({ left: crop, top: crop, width: side - 2 * crop, height: side - 2 * crop })
      .rotate(angle, { background: "#808080" })
      .modulate({ brightness: 0.85 + 0.06 * (i % 5) })
      .resize(480 + 20 * i)
      .jpeg({ quality: 90 })
      .toBuffer();
    out.push({ name: `${prefix}-${i}.jpg`, bytes: new Uint8Array(buf) });
  }
  return out;
}

export async function blurred(name: string, sigma: number): Promise<{ name: string; bytes: Uint8Array }> {
  return { name: `blurred-${name}`, bytes: new Uint8Array(await sharp(testPhoto(name)).blur(sigma).jpeg().toBuffer()) };
}

export async function photo(name: string): Promise<{ name: string; bytes: Uint8Array }> {
  return { name, bytes: new Uint8Array(await sharp(testPhoto(name)).toBuffer()) };
}
