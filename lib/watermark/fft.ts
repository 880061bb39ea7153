// In-place radix-2 complex FFT and its 2-D form for the square tiles used by
// the sync search (size is a power of two, 128 by default).
type Plan = { reverse: Uint32Array; cos: Float64Array; sin: Float64Array };
const plans = new Map<number, Plan>();

/** Bit-reversal permutation and twiddles e^(-2 pi i k / n) for one size. */
function planFor(n: number): Plan {
  let plan = plans.get(n);
  if (!plan) {
    const bits = Math.log2(n);
    const reverse = Uint32Array.from({ length: n }, (_, i) => {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      return r;
    });
    const cos = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / n));
    const sin = Float64Array.from({ length: n / 2 }, (_, k) => -Math.sin((2 * Math.PI * k) / n));
    plans.set(n, (plan = { reverse, cos, sin }));
  }
  return plan;
}

/** In-place radix-2 FFT of one contiguous row of n complex values, with table twiddles. */
function fftRow(re: Float64Array, im: Float64Array, offset: number, n: number, inverse: boolean, plan: Plan): void {
  const { reverse, cos, sin } = plan;
  for (let i = 1; i < n; i++) {
    const j = reverse[i]!;
    if (i < j) {
      const a = offset + i;
      const b = offset + j;
      let t = re[a]!;
      re[a] = re[b]!;
      re[b] = t;
      t = im[a]!;
      im[a] = im[b]!;
      im[b] = t;
    }
  }
  const sign = inverse ? -1 : 1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sign * sin[k * step]!;
        const a = offset + i + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
  if (inverse) {
    for (let i = offset; i < offset + n; i++) {
      re[i]! /= n;
      im[i]! /= n;
    }
  }
}

function transpose(a: Float64Array, size: number): void {
  for (let y = 0; y < size; y++) {
    for (let x = y + 1; x < size; x++) {
      const i = y * size + x;
      const j = x * size + y;
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }
}

/** 2-D FFT of a size x size row-major complex array, in place (columns as rows of the transpose). */
export function fft2d(re: Float64Array, im: Float64Array, size: number, inverse = false): void {
  const plan = planFor(size);
  for (let pass = 0; pass < 2; pass++) {
    for (let row = 0; row < size; row++) fftRow(re, im, row * size, size, inverse, plan);
    transpose(re, size);
    transpose(im, size);
  }
}

/**
 * A * conj(B), element by element, into A: the spectrum of the correlation of
 * the two inputs. With `normalise`, each product is scaled to unit magnitude
 * (phase correlation, which keeps only where the two line up).
 */
export function crossSpectrumInto(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, normalise = false): void {
  for (let i = 0; i < ar.length; i++) {
    const r = ar[i]! * br[i]! + ai[i]! * bi[i]!;
    const im = ai[i]! * br[i]! - ar[i]! * bi[i]!;
    const scale = normalise ? 1 / (Math.hypot(r, im) || 1) : 1;
    ar[i] = r * scale;
    ai[i] = im * scale;
  }
}

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
  crossSpectrumInto(ar, ai, bs.re, bs.im);
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
