// In-place radix-2 complex FFT and its 2-D form for the square tiles used by
// the sync search (size is a power of two, 128 by default).
function fft1d(re: Float64Array, im: Float64Array, offset: number, stride: number, n: number, inverse: boolean): void {
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      let t = re[a]!;
      re[a] = re[b]!;
      re[b] = t;
      t = im[a]!;
      im[a] = im[b]!;
      im[b] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len >> 1; k++) {
        const a = offset + (i + k) * stride;
        const b = offset + (i + k + (len >> 1)) * stride;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[offset + i * stride]! /= n;
      im[offset + i * stride]! /= n;
    }
  }
}

/** 2-D FFT of a size x size row-major complex array, in place. */
export function fft2d(re: Float64Array, im: Float64Array, size: number, inverse = false): void {
  for (let row = 0; row < size; row++) fft1d(re, im, row * size, 1, size, inverse);
  for (let col = 0; col < size; col++) fft1d(re, im, col, size, size, inverse);
}

/** Cyclic cross-correlation r(s) = sum_p a(p + s) * b(p) of two real size x size arrays. */
export function crossCorrelate(a: Float32Array | Float64Array, b: Float32Array | Float64Array, size: number): Float64Array {
  const n = size * size;
  const ar = Float64Array.from(a);
  const ai = new Float64Array(n);
  const br = Float64Array.from(b);
  const bi = new Float64Array(n);
  fft2d(ar, ai, size);
  fft2d(br, bi, size);
  for (let i = 0; i < n; i++) {
    // A * conj(B)
    const r = ar[i]! * br[i]! + ai[i]! * bi[i]!;
    const im = ai[i]! * br[i]! - ar[i]! * bi[i]!;
    ar[i] = r;
    ai[i] = im;
  }
  fft2d(ar, ai, size, true);
  return ar;
}

/**
 * Negacyclic cross-correlation r(s) = sum_p a~(p + s) * b(p) of two real
 * size x size arrays, where a~ extends `a` with a sign flip at each wrap
 * (a~(u + size) = -a~(u), in both directions): the correlation of a fold of
 * checkerboard-signed tiles. Computed as a cyclic correlation after a half-bin
 * modulation by w(u, v) = exp(i pi (u + v) / size), which makes a~ periodic.
 */
type Spectrum = { re: Float64Array; im: Float64Array };

function modulation(size: number): Spectrum {
  const re = new Float64Array(2 * size);
  const im = new Float64Array(2 * size);
  for (let k = 0; k < 2 * size; k++) {
    re[k] = Math.cos((Math.PI * k) / size);
    im[k] = Math.sin((Math.PI * k) / size);
  }
  return { re, im };
}

/** 2-D FFT of a real array after the half-bin modulation w(u, v). */
function modulatedSpectrum(a: Float32Array | Float64Array, size: number, w: Spectrum): Spectrum {
  const n = size * size;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      re[i] = a[i]! * w.re[x + y]!;
      im[i] = a[i]! * w.im[x + y]!;
    }
  }
  fft2d(re, im, size);
  return { re, im };
}

// The second operand is nearly always the sync template, a constant: its
// spectrum is kept (a third of the correlation's cost).
const spectra = new WeakMap<Float32Array | Float64Array, Spectrum>();
const modulations = new Map<number, Spectrum>();

/**
 * Negacyclic cross-correlation r(s) = sum_p a~(p + s) * b(p) of two real
 * size x size arrays, where a~ extends `a` with a sign flip at each wrap
 * (a~(u + size) = -a~(u), in both directions): the correlation of a fold of
 * checkerboard-signed tiles. Computed as a cyclic correlation after a half-bin
 * modulation by w(u, v) = exp(i pi (u + v) / size), which makes a~ periodic.
 * `b` must not be modified after the first call with it (its spectrum is cached).
 */
export function negacyclicCorrelate(a: Float32Array | Float64Array, b: Float32Array | Float64Array, size: number): Float64Array {
  const n = size * size;
  let w = modulations.get(size);
  if (!w) modulations.set(size, (w = modulation(size)));
  const { re: ar, im: ai } = modulatedSpectrum(a, size, w);
  let bs = spectra.get(b);
  if (!bs || bs.re.length !== n) spectra.set(b, (bs = modulatedSpectrum(b, size, w)));
  const { re: br, im: bi } = bs;
  for (let i = 0; i < n; i++) {
    const r = ar[i]! * br[i]! + ai[i]! * bi[i]!;
    const im = ai[i]! * br[i]! - ar[i]! * bi[i]!;
    ar[i] = r;
    ai[i] = im;
  }
  fft2d(ar, ai, size, true);
  // r(s) = Re(conj(w(s)) * C(s)).
  const out = new Float64Array(n);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      out[i] = ar[i]! * w.re[x + y]! + ai[i]! * w.im[x + y]!;
    }
  }
  return out;
}
