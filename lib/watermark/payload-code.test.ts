import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CODE_BITS, decodePayload, encodePayload, falsePositiveBoundPerAttempt, WATERMARK_CODE } from "./payload-code";

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
