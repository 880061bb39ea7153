import { AppError } from "@/lib/errors";

export type OrderSplit = { platformFeeMinor: number; agentCommissionMinor: number; talentShareMinor: number };

/**
 * Splits an order's gross amount into the platform fee, the agent's commission
 * and the talent's share, in whole minor units.
 *
 * The platform fee is a percentage of the gross. The agent commission is a
 * percentage of what remains after the fee (the usual talent-agency reading:
 * an agent takes a cut of what the talent earns, not of the platform's fee).
 * Both are rounded down, and the talent share takes the remainder, so the three
 * always add up exactly to the gross and any rounding favours the talent.
 */
export function splitOrderAmount(input: {
  amountMinor: number;
  platformFeePercent: number;
  agentCommissionPercent: number | null;
}): OrderSplit {
  const { amountMinor, platformFeePercent, agentCommissionPercent } = input;
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new AppError("VALIDATION", "The amount must be a whole, non-negative number of minor units", {
      amountMinor: "must be a whole, non-negative number of minor units",
    });
  }
  assertPercent("platformFeePercent", platformFeePercent);
  if (agentCommissionPercent !== null) assertPercent("agentCommissionPercent", agentCommissionPercent);

  const platformFeeMinor = percentOfRoundedDown(amountMinor, platformFeePercent);
  const afterFee = amountMinor - platformFeeMinor;
  const agentCommissionMinor = agentCommissionPercent === null ? 0 : percentOfRoundedDown(afterFee, agentCommissionPercent);
  return { platformFeeMinor, agentCommissionMinor, talentShareMinor: afterFee - agentCommissionMinor };
}

function assertPercent(field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw new AppError("VALIDATION", `${field} must be a percentage from 0 to 100`, {
      [field]: "must be a percentage from 0 to 100",
    });
  }
}

// amount * percent / 100 in floating point can land just under a whole number
// (1000 * 14.3 / 100 = 142.99999999999997) and round a unit too low. Scaling
// the percent to an integer (percent x 10,000, exact for up to four decimals)
// and dividing in BigInt keeps every such percentage exact at any amount.
function percentOfRoundedDown(amountMinor: number, percent: number): number {
  const scaledPercent = Math.round(percent * 10_000);
  if (scaledPercent / 10_000 === percent) {
    return Number((BigInt(amountMinor) * BigInt(scaledPercent)) / 1_000_000n);
  }
  // More than four decimals: floating point is as exact as the input itself.
  return Math.floor((amountMinor * percent) / 100);
}
