import sharp from "sharp";
import type { RgbImage } from "./rgb-image";

/** Decodes any image sharp reads (JPEG, PNG, WebP...) to RGB, honouring EXIF rotation. */
export async function decodeImage(input: string | Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().removeAlpha().toColourspace("srgb").raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB after decode, got ${info.channels} channels`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

export type ImageFormat = "png" | "jpeg" | "webp";

export async function encodeImage(img: RgbImage, format: ImageFormat = "png"): Promise<Uint8Array> {
  const s = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 3 },
  });
  const buf = format === "png" ? await s.png().toBuffer() : format === "jpeg" ? await s.jpeg({ quality: 95 }).toBuffer() : await s.webp({ quality: 95 }).toBuffer();
  return new Uint8Array(buf);
}

export function formatForPath(file: string): ImageFormat {
  const ext = file.toLowerCase().split(".").pop();
  if (ext === "jpg" || ext === "jpeg") return "jpeg";
  if (ext === "webp") return "webp";
  return "png";
}
