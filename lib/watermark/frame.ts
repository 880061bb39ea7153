// A decoded image or video frame: interleaved 8-bit samples, 3 (RGB) or 4
// (RGBA) channels, the shape of both sharp's raw output and browser ImageData.
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

/** BT.601 luma of every pixel as floats (0..255). */
export function lumaOf(frame: Frame): Float32Array {
  const { width, height, channels, data } = frame;
  const out = new Float32Array(width * height);
  for (let p = 0, i = 0; p < out.length; p++, i += channels) {
    out[p] = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  }
  return out;
}
