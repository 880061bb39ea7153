import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHASE_BITS,
  CODE_BITS,
  decodePayload,
  decodePayloadSoft,
  encodePayload,
  falsePositiveBoundPerAttempt,
  WATERMARK_CODE,
} from "./payload-code";

const payloadArb = fc.uint8Array({ minLength: 8, maxLength: 8 });
const flip = (word: Uint8Array, positions: number[]) => {
  const out = word.slice();
  for (const p of positions) out[p]! ^= 1;
  return out;
};
const distinctPositions = (min: number, max: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: CODE_BITS - 1 }), { minLength: min, maxLength: max });

describe("watermark error-correcting code (BCH 248/80 + CRC-16)", () => {
  it("carries a 64-bit payload in a 248-bit word that corrects 26 errors", () => {
    expect(WATERMARK_CODE.t).toBe(26);
    expect(CODE_BITS).toBe(248);
  });

  it("recovers the exact payload and counts the errors for any pattern of up to t bit errors", () => {
    fc.assert(
      fc.property(payloadArb, distinctPositions(0, WATERMARK_CODE.t), (payload, positions) => {
        const result = decodePayload(flip(encodePayload(payload), positions));
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(Array.from(result.payload)).toEqual(Array.from(payload));
          expect(result.bitErrorsCorrected).toBe(positions.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("reports failure instead of a wrong payload beyond t errors", () => {
    fc.assert(
      fc.property(payloadArb, distinctPositions(WATERMARK_CODE.t + 1, 80), (payload, positions) => {
        const result = decodePayload(flip(encodePayload(payload), positions));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("accepts a random word (an unwatermarked image) with a computed probability below 1e-15", () => {
    expect(falsePositiveBoundPerAttempt()).toBeLessThan(1e-15);
    expect(falsePositiveBoundPerAttempt()).toBeGreaterThan(0);
  });
});

describe("soft-decision (Chase) decoding", () => {
  it("recovers a word with more than t errors when the extra errors sit on the least reliable bits", () => {
    fc.assert(
      fc.property(payloadArb, distinctPositions(WATERMARK_CODE.t + CHASE_BITS, WATERMARK_CODE.t + CHASE_BITS), (payload, positions) => {
        const word = encodePayload(payload);
        // Confident soft values, wrong on all positions; the last CHASE_BITS of them are marked weak.
        const soft = Float64Array.from(word, (b) => (b ? 1 : -1));
        positions.forEach((p, i) => (soft[p] = -soft[p]! * (i < WATERMARK_CODE.t ? 1 : 0.1)));
        expect(decodePayload(Uint8Array.from(soft, (v) => (v > 0 ? 1 : 0))).ok).toBe(false);
        const result = decodePayloadSoft(soft);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(Array.from(result.payload)).toEqual(Array.from(payload));
          expect(result.bitErrorsCorrected).toBe(positions.length);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("still refuses random soft values (an unwatermarked image)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: CODE_BITS, maxLength: CODE_BITS }), (values) => {
        expect(decodePayloadSoft(Float64Array.from(values)).ok).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});
