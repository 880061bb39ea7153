// Seeded PRNG (sfc32). Its whole state is four uint32s so a checkpoint can
// store it and a resumed run draws exactly the same numbers.
export type RngState = [number, number, number, number];

export type Rng = {
  next: () => number;
  uniform: (lo: number, hi: number) => number;
  int: (n: number) => number;
  normal: () => number;
  getState: () => RngState;
  setState: (s: RngState) => void;
};

export function createRng(seed: number | RngState): Rng {
  let [a, b, c, d]: RngState = typeof seed === "number" ? [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0] : [...seed];
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up so nearby numeric seeds give unrelated streams.
  if (typeof seed === "number") for (let i = 0; i < 15; i++) next();
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    getState: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
    setState: (s) => {
      [a, b, c, d] = s;
    },
  };
}
