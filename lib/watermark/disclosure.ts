import sharp from "sharp";
import type { Frame } from "@/lib/media";

// The visible disclosure: the license's text plus the verify code, in a dark
// box at the corner and size the license sets. Rendered once as an RGBA overlay
// (SVG text through librsvg, DejaVu Sans) and alpha-blended into each frame,
// so a video pays the text rendering once.
export type DisclosurePosition = "top-left" | "top-right" | "bottom-left" | "bottom-right";

export type DisclosureSpec = {
  text: string;
  verifyCode?: string;
  position?: DisclosurePosition;
  /** Text height as a share of the frame height (default 0.045). */
  sizeFraction?: number;
};

export type Overlay = { left: number; top: number; width: number; height: number; rgba: Uint8Array };

/**
 * Smallest text height kept, as a share of frame height: 14 px at 360p, the
 * size below which the code stops being readable once scaled down to 360p.
 */
export const MIN_SIZE_FRACTION = 14 / 360;
const CHAR_WIDTH_EM = 0.62; // DejaVu Sans average advance, generous for capitals and digits

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export async function renderDisclosureOverlay(frameWidth: number, frameHeight: number, spec: DisclosureSpec): Promise<Overlay> {
  const lines = [spec.text.trim(), spec.verifyCode ? `Verify: ${spec.verifyCode}` : ""].filter((l) => l.length > 0);
  if (lines.length === 0) throw new RangeError("disclosure text is empty");
  const wanted = Math.max(spec.sizeFraction ?? 0.045, MIN_SIZE_FRACTION) * frameHeight;
  const longest = Math.max(...lines.map((l) => l.length));
  const margin = Math.round(frameHeight * 0.02);
  // Shrink to fit the width, never below 10 px.
  const fontPx = Math.max(10, Math.floor(Math.min(wanted, (frameWidth - 2 * margin) / (longest * CHAR_WIDTH_EM + 1))));
  const pad = Math.round(fontPx * 0.45);
  const lineHeight = Math.round(fontPx * 1.25);
  const width = Math.min(frameWidth, Math.ceil(longest * CHAR_WIDTH_EM * fontPx + 2 * pad));
  const height = Math.min(frameHeight, lines.length * lineHeight + 2 * pad);
  const texts = lines
    .map(
      (l, i) =>
        `<text x="${pad}" y="${pad + i * lineHeight + fontPx}" font-family="DejaVu Sans" font-size="${fontPx}" font-weight="bold" fill="#fff">${escapeXml(l)}</text>`,
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" rx="${pad / 2}" fill="#000" fill-opacity="0.62"/>${texts}</svg>`;
  const rgba = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  const position = spec.position ?? "bottom-right";
  const left = position.endsWith("left") ? margin : Math.max(0, frameWidth - width - margin);
  const top = position.startsWith("top") ? margin : Math.max(0, frameHeight - height - margin);
  return { left, top, width, height, rgba: new Uint8Array(rgba) };
}

/** Alpha-blends the overlay into the frame in place. */
export function blendOverlay(frame: Frame, overlay: Overlay): void {
  const { width, channels, data } = frame;
  for (let y = 0; y < overlay.height && overlay.top + y < frame.height; y++) {
    for (let x = 0; x < overlay.width && overlay.left + x < width; x++) {
      const o = (y * overlay.width + x) * 4;
      const a = overlay.rgba[o + 3]! / 255;
      if (a === 0) continue;
      const i = ((overlay.top + y) * width + overlay.left + x) * channels;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * (1 - a) + overlay.rgba[o + c]! * a);
    }
  }
}

export async function drawDisclosure(frame: Frame, spec: DisclosureSpec): Promise<Overlay> {
  const overlay = await renderDisclosureOverlay(frame.width, frame.height, spec);
  blendOverlay(frame, overlay);
  return overlay;
}
