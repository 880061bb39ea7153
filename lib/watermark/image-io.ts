import sharp, { type Sharp } from "sharp";
import type { Frame } from "./frame";

// sharp <-> Frame. Orientation from EXIF is applied so the watermark tile is
// laid out on the pixels people see.
export async function decodeImage(input: string | Buffer): Promise<Frame> {
  const { data, info } = await sharp(input).autoOrient().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) {
    // Grey or grey+alpha: expand to RGB so every path sees the same layout.
    const rgb = await sharp(input).autoOrient().toColourspace("srgb").removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: rgb.info.width, height: rgb.info.height, channels: 3, data: rgb.data };
  }
  return { width: info.width, height: info.height, channels: info.channels, data: data };
}

export function sharpFromFrame(frame: Frame): Sharp {
  const data = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  return sharp(data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
}

export type ImageFormat = "png" | "jpeg" | "webp";

export function formatForPath(file: string): ImageFormat {
  const ext = file.toLowerCase().split(".").pop();
  if (ext === "png") return "png";
  if (ext === "jpg" || ext === "jpeg") return "jpeg";
  if (ext === "webp") return "webp";
  throw new RangeError(`unsupported image type ".${ext}": use .png, .jpg or .webp`);
}

export async function encodeImage(frame: Frame, format: ImageFormat, quality = 95): Promise<Buffer> {
  const img = sharpFromFrame(frame);
  if (format === "png") return img.png().toBuffer();
  if (format === "jpeg") return img.jpeg({ quality, chromaSubsampling: "4:4:4" }).toBuffer();
  return img.webp({ quality }).toBuffer();
}
