// The frame types of the one media layer (ml/media; lib/media re-exports it).
// Both are interleaved 8-bit samples, the shape of sharp's raw output, of
// ffmpeg's rgb24 pipes and of browser ImageData, so one passes as the other
// without copying pixels.

/** Interleaved 8-bit RGB: the one pixel format every ml/ stage exchanges, and what the video pipes carry. */
export type RgbImage = { width: number; height: number; data: Uint8Array };

/** A decoded image or video frame with 3 (RGB) or 4 (RGBA) channels (the watermark's frames). */
export type Frame = {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
};

/** ImageData-like input where channels may be left out (then inferred). */
export type FrameLike = {
  width: number;
  height: number;
  channels?: number;
  data: Uint8Array | Uint8ClampedArray;
};

export function toFrame(input: FrameLike): Frame {
  const { width, height, data } = input;
  const channels = input.channels ?? data.length / (width * height);
  if (channels !== 3 && channels !== 4) throw new RangeError(`frames need 3 or 4 channels, got ${channels}`);
  if (data.length !== width * height * channels) {
    throw new RangeError(`frame data has ${data.length} bytes, expected ${width * height * channels}`);
  }
  return { width, height, channels, data };
}

/** An RgbImage as a Frame: the same pixels (no copy), channels stated. */
export function rgbFrame(image: RgbImage): Frame & { channels: 3; data: Uint8Array } {
  return { width: image.width, height: image.height, channels: 3, data: image.data };
}

/** Samples per pixel: a Frame says, an RgbImage has 3. */
export function channelsOf(image: Frame | RgbImage): number {
  return "channels" in image ? image.channels : 3;
}

/** BT.601 luma of every pixel as floats (0..255). */
export function lumaOf(frame: Frame): Float32Array {
  const { width, height, channels, data } = frame;
  const out = new Float32Array(width * height);
  for (let p = 0, i = 0; p < out.length; p++, i += channels) {
    out[p] = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  }
  return out;
}
