import sharp, { type Sharp } from "sharp";
import { channelsOf, type Frame, type RgbImage } from "./frame";

// sharp <-> frames. EXIF orientation is applied on decode, so pixels are laid
// out as people see them (the watermark's tile, the face detector's input).

const oriented = (input: string | Uint8Array): Sharp => sharp(input).autoOrient().toColourspace("srgb");

async function decodeRgb(input: string | Uint8Array): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await oriented(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB after decode, got ${info.channels} channels`);
  return { width: info.width, height: info.height, data };
}

/** Decodes any image sharp reads (JPEG, PNG, WebP...) to RGB (alpha dropped). */
export async function decodeImage(input: string | Uint8Array): Promise<RgbImage> {
  const { width, height, data } = await decodeRgb(input);
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Decodes to RGB, or RGBA when the image has alpha (kept); grey is expanded to RGB. Data is sharp's Buffer. */
export async function decodeFrame(input: string | Uint8Array): Promise<Frame> {
  const { data, info } = await oriented(input).raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 3 || info.channels === 4) return { width: info.width, height: info.height, channels: info.channels, data };
  // Grey or grey+alpha: expand to RGB so every path sees the same layout.
  return { ...(await decodeRgb(input)), channels: 3 };
}

/** A sharp pipeline over the frame's pixels (no copy). */
export function sharpFromFrame(frame: Frame | RgbImage): Sharp {
  const data = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  return sharp(data, { raw: { width: frame.width, height: frame.height, channels: channelsOf(frame) as 3 | 4 } });
}

export type ImageFormat = "png" | "jpeg" | "webp";

export type EncodeOptions = {
  /** JPEG/WebP quality (default 95). */
  quality?: number;
  /** JPEG chroma subsampling (default sharp's, 4:2:0). */
  chromaSubsampling?: "4:2:0" | "4:4:4";
};

export async function encodeImage(frame: Frame | RgbImage, format: ImageFormat = "png", options: EncodeOptions = {}): Promise<Uint8Array> {
  const img = sharpFromFrame(frame);
  const quality = options.quality ?? 95;
  const buf =
    format === "png"
      ? await img.png().toBuffer()
      : format === "jpeg"
        ? await img.jpeg(options.chromaSubsampling ? { quality, chromaSubsampling: options.chromaSubsampling } : { quality }).toBuffer()
        : await img.webp({ quality }).toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/**
 * The image format a file name asks for. An unknown extension is a RangeError
 * naming the supported ones, unless a `fallback` format is given.
 */
export function formatForPath(file: string, fallback?: ImageFormat): ImageFormat {
  const ext = file.toLowerCase().split(".").pop();
  if (ext === "png") return "png";
  if (ext === "jpg" || ext === "jpeg") return "jpeg";
  if (ext === "webp") return "webp";
  if (fallback) return fallback;
  throw new RangeError(`unsupported image type ".${ext}": use .png, .jpg or .webp`);
}
