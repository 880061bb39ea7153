import { crossSpectrumInto, fft2d } from "./fft";
import type { Frame } from "@/lib/media";

// Global translation between two consecutive video frames, by phase
// correlation of a central square of luma. The video embedder moves the
// watermark grid with it, so that in a pan the pattern sticks to the picture:
// the codec's motion-compensated prediction then carries the pattern along
// (the residual holds no pattern difference to quantise away) and every frame
// keeps it, not only the few after a key frame.
export const MOTION_WINDOW = 128;
/** Phase-correlation peak (share of the total) below which no motion is reported. */
const MIN_PEAK_SHARE = 0.05;

export type LumaWindow = Float64Array;

/** Central MOTION_WINDOW square of the frame's luma, mean removed and Hann-windowed. */
export function lumaWindow(frame: Frame): LumaWindow | null {
  const { width, height, channels, data } = frame;
  return windowOf(width, height, (x, y) => {
    const i = (y * width + x) * channels;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  });
}

/** lumaWindow of a luma plane (the geometry path tracks motion on resampled planes). */
export function lumaPlaneWindow(luma: Float32Array, width: number, height: number): LumaWindow | null {
  return windowOf(width, height, (x, y) => luma[y * width + x]!);
}

function windowOf(width: number, height: number, luma: (x: number, y: number) => number): LumaWindow | null {
  const n = MOTION_WINDOW;
  if (width < n || height < n) return null;
  const x0 = (width - n) >> 1;
  const y0 = (height - n) >> 1;
  const out = new Float64Array(n * n);
  let mean = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = luma(x0 + x, y0 + y);
      out[y * n + x] = v;
      mean += v;
    }
  }
  mean /= n * n;
  const hann = Float64Array.from({ length: n }, (_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (k + 0.5)) / n));
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = (out[y * n + x]! - mean) * hann[x]! * hann[y]!;
  return out;
}

/**
 * Shift (dx, dy) such that cur(p + d) ~ prev(p): how far the picture moved
 * from `prev` to `cur`, or null when no clear peak (a cut, a flat picture).
 */
export function globalMotion(prev: LumaWindow, cur: LumaWindow): { x: number; y: number } | null {
  const n = MOTION_WINDOW;
  const size = n * n;
  const ar = Float64Array.from(cur);
  const ai = new Float64Array(size);
  const br = Float64Array.from(prev);
  const bi = new Float64Array(size);
  fft2d(ar, ai, n);
  fft2d(br, bi, n);
  crossSpectrumInto(ar, ai, br, bi, true);
  fft2d(ar, ai, n, true);
  let best = 0;
  for (let i = 1; i < size; i++) if (ar[i]! > ar[best]!) best = i;
  if (!(ar[best]! >= MIN_PEAK_SHARE)) return null;
  let x = best % n;
  let y = Math.floor(best / n);
  if (x >= n / 2) x -= n;
  if (y >= n / 2) y -= n;
  return { x, y };
}

/**
 * Where the picture has moved to since the first frame, frame by frame: the
 * embedder moves its tile grid by it and the detector re-aligns each frame's
 * fold by it, so both must follow the same rule. Without a clear answer (a
 * flat picture, a cut) the last step is kept: pans are smooth.
 */
export function createMotionTracker() {
  const offset = { x: 0, y: 0 };
  let step = { x: 0, y: 0 };
  let previous: LumaWindow | null = null;
  return {
    /** Takes the next frame; returns the cumulative offset (a fresh object). */
    next(frame: Frame): { x: number; y: number } {
      return this.nextWindow(lumaWindow(frame));
    },
    /** next() for a frame already reduced to its luma window (lumaPlaneWindow). */
    nextWindow(current: LumaWindow | null): { x: number; y: number } {
      if (previous && current) {
        step = globalMotion(previous, current) ?? step;
        offset.x += step.x;
        offset.y += step.y;
      }
      previous = current;
      return { ...offset };
    },
  };
}
