import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { splitOrderAmount } from "./split";

const amounts = fc.integer({ min: 0, max: 10 ** 12 });
// Integer, two-decimal and arbitrary float percentages all occur in settings.
const percents = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100),
  fc.double({ min: 0, max: 100, noNaN: true }),
);

function validationErrorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected the split to be rejected");
}

describe("splitOrderAmount", () => {
  it("always sums exactly to the gross, with no negative part, for any amount and percentages", () => {
    fc.assert(
      fc.property(amounts, percents, fc.option(percents, { nil: null }), (amountMinor, platformFeePercent, agentCommissionPercent) => {
        const split = splitOrderAmount({ amountMinor, platformFeePercent, agentCommissionPercent });
        expect(split.platformFeeMinor + split.agentCommissionMinor + split.talentShareMinor).toBe(amountMinor);
        for (const part of Object.values(split)) {
          expect(Number.isInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("rounds the fee and the commission down to whole minor units, for integer percentages exactly", () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (amountMinor, fee, commission) => {
        const split = splitOrderAmount({ amountMinor, platformFeePercent: fee, agentCommissionPercent: commission });
        const expectedFee = (BigInt(amountMinor) * BigInt(fee)) / 100n;
        const expectedCommission = ((BigInt(amountMinor) - expectedFee) * BigInt(commission)) / 100n;
        expect(BigInt(split.platformFeeMinor)).toBe(expectedFee);
        expect(BigInt(split.agentCommissionMinor)).toBe(expectedCommission);
      }),
    );
  });

  it("takes the agent commission from what remains after the platform fee, not from the gross", () => {
    expect(splitOrderAmount({ amountMinor: 10_000, platformFeePercent: 20, agentCommissionPercent: 10 })).toEqual({
      platformFeeMinor: 2_000,
      agentCommissionMinor: 800,
      talentShareMinor: 7_200,
    });
  });

  it("gives the rounding remainder to the talent", () => {
    // 20% of 999 is 199.8 -> 199; 10% of the remaining 800 is 80.
    expect(splitOrderAmount({ amountMinor: 999, platformFeePercent: 20, agentCommissionPercent: 10 })).toEqual({
      platformFeeMinor: 199,
      agentCommissionMinor: 80,
      talentShareMinor: 720,
    });
    // 15% of 7 is 1.05 -> 1; 15% of 6 is 0.9 -> 0.
    expect(splitOrderAmount({ amountMinor: 7, platformFeePercent: 15, agentCommissionPercent: 15 })).toEqual({
      platformFeeMinor: 1,
      agentCommissionMinor: 0,
      talentShareMinor: 6,
    });
  });

  it("computes decimal percentages exactly where floating point would lose a unit", () => {
    // 1000 * 14.3 / 100 is 142.99999999999997 in floating point.
    expect(splitOrderAmount({ amountMinor: 1000, platformFeePercent: 14.3, agentCommissionPercent: null }).platformFeeMinor).toBe(143);
  });

  it("pays no commission without an agent", () => {
    expect(splitOrderAmount({ amountMinor: 5_000, platformFeePercent: 20, agentCommissionPercent: null })).toEqual({
      platformFeeMinor: 1_000,
      agentCommissionMinor: 0,
      talentShareMinor: 4_000,
    });
  });

  it("rejects fractional, negative or unsafe amounts and percentages outside 0..100 as VALIDATION", () => {
    const bad = [
      { amountMinor: 10.5, platformFeePercent: 20, agentCommissionPercent: null, field: "amountMinor" },
      { amountMinor: -1, platformFeePercent: 20, agentCommissionPercent: null, field: "amountMinor" },
      { amountMinor: 2 ** 60, platformFeePercent: 20, agentCommissionPercent: null, field: "amountMinor" },
      { amountMinor: 100, platformFeePercent: 100.5, agentCommissionPercent: null, field: "platformFeePercent" },
      { amountMinor: 100, platformFeePercent: Number.NaN, agentCommissionPercent: null, field: "platformFeePercent" },
      { amountMinor: 100, platformFeePercent: 20, agentCommissionPercent: -0.1, field: "agentCommissionPercent" },
    ];
    for (const { field, ...input } of bad) {
      const err = validationErrorOf(() => splitOrderAmount(input));
      expect(err.code).toBe("VALIDATION");
      expect(Object.keys(err.fields)).toEqual([field]);
    }
  });
});
