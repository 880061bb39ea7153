// Arithmetic in GF(2^8) with the primitive polynomial x^8+x^4+x^3+x^2+1 (0x11d),
// the field of the binary BCH code of length 255 used for the watermark word.
export const FIELD_ORDER = 255;

const EXP = new Uint8Array(2 * FIELD_ORDER);
const LOG = new Int16Array(256).fill(-1);

{
  let x = 1;
  for (let i = 0; i < FIELD_ORDER; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  // Doubled table so exp(a + b) needs no modulo in the hot loops.
  for (let i = FIELD_ORDER; i < 2 * FIELD_ORDER; i++) EXP[i] = EXP[i - FIELD_ORDER]!;
}

/** alpha^i for any integer i. */
export function gfPow(i: number): number {
  return EXP[((i % FIELD_ORDER) + FIELD_ORDER) % FIELD_ORDER]!;
}

export function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

export function gfDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError("division by zero in GF(256)");
  if (a === 0) return 0;
  return EXP[LOG[a]! - LOG[b]! + FIELD_ORDER]!;
}
