// The SSIM window, shared by the tensor-op loss (losses.ts) and the fused WebGPU
// kernels (webgpu-swap-loss.ts); its own module so neither imports the other.

/** SSIM window side for a crop of `resolution` px: shrinks for tiny crops so it still fits. */
export function ssimWindowSize(resolution: number): number {
  return resolution >= 64 ? 11 : resolution >= 32 ? 7 : 5;
}

/** The size x size Gaussian window (sigma 1.5), row-major, as float32. */
export function ssimWindowValues(size: number): Float32Array {
  const g = Array.from({ length: size }, (_, i) => Math.exp(-((i - (size - 1) / 2) ** 2) / (2 * 1.5 * 1.5)));
  const s = g.reduce((a, b) => a + b, 0);
  const values = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) values[y * size + x] = (g[y]! * g[x]!) / (s * s);
  return values;
}
