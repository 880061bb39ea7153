import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import sharp from "sharp";
import { ffmpegPath, run } from "@/lib/media";

// Synthetic renders for the output tests (lib/outputs): pictures with edges,
// gradients and a little noise, the kind of content the watermark has to
// survive, and a short panning clip made from one (the camera moves, so H.264
// predicts across frames as it would in real footage).

/** A `width` x `height` PNG: a gradient, ten translucent circles placed by `seed`, noise of +-3, and with `label` the seed as text. */
export async function syntheticImage(width: number, height: number, seed: string, opts: { label?: boolean } = {}): Promise<Buffer> {
  const shapes = Array.from({ length: 10 }, (_, i) => {
    const x = (i * 97 + seed.length * 31) % width;
    const y = (i * 61 + seed.length * 17) % height;
    return `<circle cx="${x}" cy="${y}" r="${30 + ((i * 23) % 90)}" fill="hsl(${(i * 47) % 360},60%,55%)" fill-opacity="0.8"/>`;
  }).join("");
  const label = opts.label
    ? `<text x="${width * 0.05}" y="${height * 0.5}" font-family="DejaVu Sans" font-size="${Math.round(height / 10)}" fill="#fff">Likeness ${seed}</text>`
    : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2a4d8f"/><stop offset="1" stop-color="#f0c27b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}${label}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const noise = randomBytes(data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + (noise[i]! % 7) - 3));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png()
    .toBuffer();
}

/**
 * A 1 s, 640x480, 24 fps H.264 clip panning 4 px per frame across a 1280x960
 * synthetic picture, written to `outPath` (its still beside it, as `.png`).
 */
export async function writePanningClip(outPath: string): Promise<void> {
  const still = `${outPath}.still.png`;
  await writeFile(still, await syntheticImage(1280, 960, "video"));
  await run(ffmpegPath(), [
    "-loglevel",
    "error",
    "-y",
    "-loop",
    "1",
    "-i",
    still,
    "-vf",
    "crop=640:480:x='n*4':y=200",
    "-t",
    "1",
    "-r",
    "24",
    "-pix_fmt",
    "yuv420p",
    outPath,
  ]);
}
