import sharp, { type Sharp } from "sharp";
import type { Frame } from "@/lib/media";
import { decodeFrame, sharpFromFrame } from "@/lib/media";

// The distortions the watermark must survive (issue 4), as used by the tests
// and the benchmark. Each returns a new decoded frame.
export type Attack = { name: string; apply: (frame: Frame) => Promise<Frame> };

const toFrame = async (img: Sharp): Promise<Frame> => decodeFrame(await img.png({ compressionLevel: 1 }).toBuffer());

function linear(multiplier: number, offset: number): Attack["apply"] {
  return (f) => toFrame(sharpFromFrame(f).removeAlpha().linear(multiplier, offset));
}

function crop(side: "left" | "right" | "top" | "bottom", share: number): Attack["apply"] {
  return (f) => {
    const dx = Math.round(f.width * share);
    const dy = Math.round(f.height * share);
    const region = {
      left: side === "left" ? dx : 0,
      top: side === "top" ? dy : 0,
      width: side === "left" || side === "right" ? f.width - dx : f.width,
      height: side === "top" || side === "bottom" ? f.height - dy : f.height,
    };
    return toFrame(sharpFromFrame(f).extract(region));
  };
}

/** A screenshot: the image inside a larger window with a title bar, saved as PNG. */
async function screenshot(f: Frame): Promise<Frame> {
  const inner = await sharpFromFrame(f).removeAlpha().png().toBuffer();
  const canvas = sharp({
    create: { width: f.width + 57, height: f.height + 83, channels: 3, background: { r: 236, g: 236, b: 240 } },
  });
  const bar = await sharp({ create: { width: f.width + 57, height: 40, channels: 3, background: { r: 60, g: 64, b: 72 } } })
    .png()
    .toBuffer();
  const png = await canvas
    .composite([
      { input: bar, left: 0, top: 0 },
      { input: inner, left: 23, top: 61 },
    ])
    .png()
    .toBuffer();
  return decodeFrame(png);
}

export const IMAGE_ATTACKS: Attack[] = [
  { name: "none", apply: async (f) => f },
  { name: "png-roundtrip", apply: (f) => toFrame(sharpFromFrame(f)) },
  { name: "screenshot-png", apply: screenshot },
  { name: "jpeg-q50", apply: async (f) => decodeFrame(await sharpFromFrame(f).jpeg({ quality: 50 }).toBuffer()) },
  {
    name: "resize-50-and-back",
    apply: async (f) => {
      const half = await sharpFromFrame(f)
        .resize(Math.round(f.width / 2), Math.round(f.height / 2))
        .png()
        .toBuffer();
      return toFrame(sharp(half).resize(f.width, f.height));
    },
  },
  { name: "crop-10-left", apply: crop("left", 0.1) },
  { name: "crop-10-right", apply: crop("right", 0.1) },
  { name: "crop-10-top", apply: crop("top", 0.1) },
  { name: "crop-10-bottom", apply: crop("bottom", 0.1) },
  { name: "brightness+20", apply: linear(1.2, 0) },
  { name: "brightness-20", apply: linear(0.8, 0) },
  { name: "contrast+20", apply: linear(1.2, -0.2 * 128) },
  { name: "contrast-20", apply: linear(0.8, 0.2 * 128) },
  { name: "blur-sigma1", apply: (f) => toFrame(sharpFromFrame(f).blur(1)) },
];

// Net geometry changes (issue 12): the size is not restored afterwards.
function rescale(sx: number, sy = sx): Attack["apply"] {
  return (f) => toFrame(sharpFromFrame(f).resize(Math.round(f.width * sx), Math.round(f.height * sy), { fit: "fill" }));
}

/** Rotation by `degrees` (clockwise), on a canvas grown to hold it (black corners), or cropped to the largest centred rectangle of the same aspect that holds no border. */
function rotate(degrees: number, cropBorders: boolean): Attack["apply"] {
  return async (f) => {
    const rotated = await sharpFromFrame(f)
      .removeAlpha()
      .rotate(degrees, { background: { r: 0, g: 0, b: 0 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    if (!cropBorders) return decodeFrame(rotated);
    const t = (Math.abs(degrees) * Math.PI) / 180;
    const { width: w, height: h } = f;
    const k = Math.min(w / (w * Math.cos(t) + h * Math.sin(t)), h / (w * Math.sin(t) + h * Math.cos(t)));
    const meta = await sharp(rotated).metadata();
    const cw = Math.floor(w * k) - 2;
    const ch = Math.floor(h * k) - 2;
    return toFrame(
      sharp(rotated).extract({
        left: Math.floor(((meta.width ?? 0) - cw) / 2),
        top: Math.floor(((meta.height ?? 0) - ch) / 2),
        width: cw,
        height: ch,
      }),
    );
  };
}

/** Scale 0.7, 10 px cropped off each side, then saved as JPEG 60 and re-saved as JPEG 70 (a typical re-share). */
async function combined(f: Frame): Promise<Frame> {
  const small = await rescale(0.7)(f);
  const cropped = await sharpFromFrame(small)
    .extract({ left: 10, top: 10, width: small.width - 20, height: small.height - 20 })
    .jpeg({ quality: 60 })
    .toBuffer();
  return decodeFrame(await sharp(cropped).jpeg({ quality: 70 }).toBuffer());
}

export const GEOMETRY_ATTACKS: Attack[] = [
  ...[0.5, 0.7, 0.8, 1.25, 1.5, 2].map((s) => ({ name: `scale-${s}`, apply: rescale(s) })),
  { name: "rotate+1", apply: rotate(1, false) },
  { name: "rotate-3", apply: rotate(-3, false) },
  { name: "rotate+5", apply: rotate(5, false) },
  { name: "rotate-3-cropped", apply: rotate(-3, true) },
  { name: "rotate+5-cropped", apply: rotate(5, true) },
  { name: "width+10", apply: rescale(1.1, 1) },
  { name: "width-10", apply: rescale(0.9, 1) },
  { name: "scale-0.7+crop-10px+jpeg60+jpeg70", apply: combined },
];
