import type { RgbImage } from "../media/frame";

// Interleaved 8-bit RGB (ml/media's RgbImage), the one pixel format every ml/ stage exchanges.
export type { RgbImage };

// Float RGB in [0,1], used for aligned faces fed to the model.
export type FloatImage = { width: number; height: number; channels: number; data: Float32Array };

export function toFloatImage(img: RgbImage): FloatImage {
  const data = new Float32Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i]! / 255;
  return { width: img.width, height: img.height, channels: 3, data };
}

export function toRgbImage(img: FloatImage): RgbImage {
  if (img.channels !== 3) throw new Error(`expected 3 channels, got ${img.channels}`);
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, img.data[i]!)) * 255);
  return { width: img.width, height: img.height, data };
}

export function toGray(img: RgbImage | FloatImage): Float32Array {
  const n = img.width * img.height;
  const stride = "channels" in img ? img.channels : 3;
  const scale = "channels" in img ? 255 : 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    out[i] = scale * (0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]!);
  }
  return out;
}
