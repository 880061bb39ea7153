import { FIELD_ORDER, gfDiv, gfMul, gfPow } from "./galois-field";

// Binary BCH code of length 255 over GF(2^8), shortened to `infoBits` message
// bits. Hard-decision decoding (Berlekamp-Massey + Chien search) corrects up to
// t bit errors; beyond t it almost always reports failure instead of guessing,
// which is what lets the detector tell "no watermark" from "damaged watermark".
export type BchCode = {
  /** Bits corrected with certainty. */
  t: number;
  infoBits: number;
  parityBits: number;
  /** Codeword length after shortening: infoBits + parityBits. */
  length: number;
  /** Generator polynomial, coefficient of x^i at index i (0/1). */
  generator: Uint8Array;
};

export type BchDecodeResult = { ok: true; message: Uint8Array; corrected: number } | { ok: false; reason: "too-many-errors" };

/** Minimal polynomial of alpha^i over GF(2) (coefficients 0/1, low degree first). */
function minimalPolynomial(i: number): number[] {
  const coset: number[] = [];
  let j = i % FIELD_ORDER;
  while (!coset.includes(j)) {
    coset.push(j);
    j = (j * 2) % FIELD_ORDER;
  }
  let poly = [1];
  for (const e of coset) {
    // multiply by (x + alpha^e)
    const root = gfPow(e);
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let k = 0; k < poly.length; k++) {
      next[k + 1] = next[k + 1]! ^ poly[k]!;
      next[k] = next[k]! ^ gfMul(poly[k]!, root);
    }
    poly = next;
  }
  return poly; // coefficients are 0 or 1 by construction
}

function multiplyBinary(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) if (a[i]) for (let j = 0; j < b.length; j++) out[i + j] = out[i + j]! ^ b[j]!;
  return out;
}

export function createBchCode(t: number, infoBits: number): BchCode {
  let generator = [1];
  const used = new Set<string>();
  for (let i = 1; i <= 2 * t; i++) {
    const m = minimalPolynomial(i);
    const key = m.join("");
    if (used.has(key)) continue;
    used.add(key);
    generator = multiplyBinary(generator, m);
  }
  const parityBits = generator.length - 1;
  if (infoBits + parityBits > FIELD_ORDER) {
    throw new RangeError(`BCH(255) with t=${t} carries at most ${FIELD_ORDER - parityBits} bits, asked ${infoBits}`);
  }
  return { t, infoBits, parityBits, length: infoBits + parityBits, generator: Uint8Array.from(generator) };
}

/** Systematic encoding: parity in positions [0, parityBits), message after it. */
export function bchEncode(code: BchCode, message: Uint8Array): Uint8Array {
  if (message.length !== code.infoBits) throw new RangeError(`expected ${code.infoBits} message bits`);
  const { parityBits, generator } = code;
  const word = new Uint8Array(code.length);
  word.set(message, parityBits);
  // Remainder of message(x) * x^r divided by g(x), long division from the top.
  const rem = new Uint8Array(code.length);
  rem.set(message, parityBits);
  for (let i = code.length - 1; i >= parityBits; i--) {
    if (!rem[i]) continue;
    for (let k = 0; k <= parityBits; k++) rem[i - parityBits + k]! ^= generator[k]!;
  }
  word.set(rem.subarray(0, parityBits), 0);
  return word;
}

/** The 2t syndromes S_j = r(alpha^(j+1)) of a received word. */
export function bchSyndromes(code: BchCode, received: Uint8Array): Int32Array {
  const syndromes = new Int32Array(2 * code.t);
  for (let j = 0; j < 2 * code.t; j++) {
    let s = 0;
    for (let i = 0; i < code.length; i++) if (received[i]) s ^= gfPow((j + 1) * i);
    syndromes[j] = s;
  }
  return syndromes;
}

export function bchDecode(code: BchCode, received: Uint8Array): BchDecodeResult {
  if (received.length !== code.length) throw new RangeError(`expected ${code.length} code bits`);
  return bchDecodeWithSyndromes(code, received, bchSyndromes(code, received));
}

/**
 * Decoding from precomputed syndromes (they must be those of `received`): the
 * Chase decoder updates them per flipped bit instead of recomputing them.
 */
export function bchDecodeWithSyndromes(code: BchCode, received: Uint8Array, syndromes: Int32Array): BchDecodeResult {
  const { t, length, parityBits } = code;
  let clean = true;
  for (let j = 0; j < 2 * t; j++) if (syndromes[j] !== 0) clean = false;
  const message = () => received.slice(parityBits);
  if (clean) return { ok: true, message: message(), corrected: 0 };

  // Berlekamp-Massey: shortest LFSR (error locator sigma) generating the syndromes.
  let sigma = [1];
  let prev = [1];
  let degree = 0;
  let shift = 1;
  let prevDiscrepancy = 1;
  for (let n = 0; n < 2 * t; n++) {
    let d = syndromes[n]!;
    for (let i = 1; i <= degree; i++) d ^= gfMul(sigma[i] ?? 0, syndromes[n - i]!);
    if (d === 0) {
      shift++;
      continue;
    }
    const factor = gfDiv(d, prevDiscrepancy);
    const next = sigma.slice();
    for (let i = 0; i < prev.length; i++) {
      const k = i + shift;
      while (next.length <= k) next.push(0);
      next[k] = next[k]! ^ gfMul(factor, prev[i]!);
    }
    if (2 * degree <= n) {
      prev = sigma;
      degree = n + 1 - degree;
      prevDiscrepancy = d;
      shift = 1;
    } else {
      shift++;
    }
    sigma = next;
  }
  if (degree > t) return { ok: false, reason: "too-many-errors" };

  // Chien search over the positions that exist in the shortened code only: a
  // root elsewhere (or too few roots) means more errors than t.
  const corrected = received.slice();
  let roots = 0;
  for (let i = 0; i < length; i++) {
    let v = 0;
    for (let k = 0; k < sigma.length; k++) if (sigma[k]) v ^= gfMul(sigma[k]!, gfPow(-i * k));
    if (v === 0) {
      corrected[i]! ^= 1;
      roots++;
    }
  }
  if (roots !== degree) return { ok: false, reason: "too-many-errors" };
  return { ok: true, message: corrected.slice(parityBits), corrected: roots };
}
