import { bchDecode, bchDecodeWithSyndromes, bchEncode, bchSyndromes, createBchCode } from "./bch-code";
import { gfPow } from "./galois-field";
import { crc16 } from "./crc16";

// The watermark word: 64-bit payload + CRC-16, protected by a shortened binary
// BCH(248, 80) code that corrects any 26 bit errors (10.5 % of the word).
export const PAYLOAD_BYTES = 8;
export const PAYLOAD_BITS = PAYLOAD_BYTES * 8;
export const CRC_BITS = 16;
export const WATERMARK_CODE = createBchCode(26, PAYLOAD_BITS + CRC_BITS);
export const CODE_BITS = WATERMARK_CODE.length;

export type PayloadDecodeResult =
  { ok: true; payload: Uint8Array; bitErrorsCorrected: number } | { ok: false; reason: "too-many-errors" | "checksum-mismatch" };

function bytesToBits(bytes: Uint8Array): Uint8Array {
  const bits = new Uint8Array(bytes.length * 8);
  for (let i = 0; i < bits.length; i++) bits[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return bits;
}

function bitsToBytes(bits: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return bytes;
}

export function encodePayload(payload: Uint8Array): Uint8Array {
  if (payload.length !== PAYLOAD_BYTES) throw new RangeError(`payload must be ${PAYLOAD_BYTES} bytes, got ${payload.length}`);
  const crc = crc16(payload);
  const message = new Uint8Array(PAYLOAD_BYTES + 2);
  message.set(payload);
  message[PAYLOAD_BYTES] = crc >> 8;
  message[PAYLOAD_BYTES + 1] = crc & 0xff;
  return bchEncode(WATERMARK_CODE, bytesToBits(message));
}

export function decodePayload(hardBits: Uint8Array): PayloadDecodeResult {
  const decoded = bchDecode(WATERMARK_CODE, hardBits);
  if (!decoded.ok) return { ok: false, reason: decoded.reason };
  return checkMessage(decoded.message, decoded.corrected);
}

function checkMessage(message: Uint8Array, corrected: number): PayloadDecodeResult {
  const bytes = bitsToBytes(message);
  const payload = bytes.slice(0, PAYLOAD_BYTES);
  const crc = (bytes[PAYLOAD_BYTES]! << 8) | bytes[PAYLOAD_BYTES + 1]!;
  if (crc !== crc16(payload)) return { ok: false, reason: "checksum-mismatch" };
  return { ok: true, payload, bitErrorsCorrected: corrected };
}

/**
 * Soft-decision (Chase-II) decoding: the hard decoder corrects t errors, but
 * the bits that the watermark carries most weakly (smallest |soft|) are where
 * the errors are. Try flipping every subset of the CHASE_BITS least reliable
 * bits, cheapest subsets (smallest sum of |soft|) first, and take the first
 * word that decodes with a valid CRC. Each subset is one more decoding
 * attempt, which the false-positive bound counts (CHASE_PATTERNS).
 */
export const CHASE_BITS = 8;
export const CHASE_PATTERNS = 2 ** CHASE_BITS;

export function decodePayloadSoft(soft: Float64Array): PayloadDecodeResult {
  const code = WATERMARK_CODE;
  const hard = Uint8Array.from(soft, (v) => (v > 0 ? 1 : 0));
  const first = decodePayload(hard);
  if (first.ok) return first;
  const order = Array.from(soft.keys()).sort((a, b) => Math.abs(soft[a]!) - Math.abs(soft[b]!));
  const weak = order.slice(0, CHASE_BITS);
  const patterns = Array.from({ length: CHASE_PATTERNS - 1 }, (_, i) => i + 1);
  const cost = (pattern: number) => weak.reduce((sum, pos, k) => sum + (pattern & (1 << k) ? Math.abs(soft[pos]!) : 0), 0);
  const costs = patterns.map(cost);
  patterns.sort((a, b) => costs[a - 1]! - costs[b - 1]!);
  const base = bchSyndromes(code, hard);
  const syndromes = new Int32Array(base.length);
  const word = new Uint8Array(hard.length);
  for (const pattern of patterns) {
    syndromes.set(base);
    word.set(hard);
    for (let k = 0; k < CHASE_BITS; k++) {
      if (!(pattern & (1 << k))) continue;
      const pos = weak[k]!;
      word[pos]! ^= 1;
      for (let j = 0; j < syndromes.length; j++) syndromes[j]! ^= gfPow((j + 1) * pos);
    }
    const decoded = bchDecodeWithSyndromes(code, word, syndromes);
    if (!decoded.ok) continue;
    const result = checkMessage(decoded.message, 0);
    if (!result.ok) continue;
    // Errors corrected relative to the hard decision (flips and BCH together).
    const clean = encodePayload(result.payload);
    let errors = 0;
    for (let i = 0; i < clean.length; i++) if (clean[i] !== hard[i]) errors++;
    return { ok: true, payload: result.payload, bitErrorsCorrected: errors };
  }
  return first;
}

/** log2 of sum_{i<=t} C(n, i): the Hamming ball a decoder accepts around a codeword. */
function log2HammingBall(n: number, t: number): number {
  let logTerm = 0; // log2 C(n, 0)
  let maxLog = 0;
  const logs: number[] = [0];
  for (let i = 1; i <= t; i++) {
    logTerm += Math.log2((n - i + 1) / i);
    logs.push(logTerm);
    maxLog = Math.max(maxLog, logTerm);
  }
  return maxLog + Math.log2(logs.reduce((s, l) => s + 2 ** (l - maxLog), 0));
}

/**
 * Probability that one decoding attempt on a word of independent fair bits
 * (what an unwatermarked image yields) is accepted: it must land within t of one
 * of the 2^k codewords AND carry a matching CRC.
 */
export function falsePositiveBoundPerAttempt(): number {
  const { length, infoBits, t } = WATERMARK_CODE;
  return 2 ** (infoBits + log2HammingBall(length, t) - length - CRC_BITS);
}
