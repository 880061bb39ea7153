import Stripe from "stripe";
import { AppError } from "@/lib/errors";

/** The message of the plain Error thrown when Stripe's API cannot be reached at all. */
export const PROVIDER_UNREACHABLE = "the payment provider could not be reached";

// Stripe error codes that mean "this cannot be done in the current state"
// rather than "the request was malformed": shown to people as a conflict.
const CONFLICT_CODES = new Set([
  "charge_already_refunded",
  "charge_disputed",
  "balance_insufficient",
  "insufficient_funds",
  "payment_intent_unexpected_state",
  "account_invalid",
  "transfers_not_allowed",
]);

/**
 * Turns an error from the Stripe SDK into what the rest of the platform
 * understands: an AppError where a person can act on it (a declined card, a
 * refund of a refunded payment, a bad parameter), a plain Error where the
 * platform itself is at fault (a wrong API key, Stripe down), so it is logged
 * and answered as a server error.
 */
export function toProviderError(err: unknown, action: string): Error {
  if (!(err instanceof Stripe.errors.StripeError)) return err instanceof Error ? err : new Error(String(err));
  const detail = `${action} failed: ${err.message}`;
  if (err instanceof Stripe.errors.StripeConnectionError) {
    return new Error(PROVIDER_UNREACHABLE, { cause: err });
  }
  if (err instanceof Stripe.errors.StripeCardError) return new AppError("CONFLICT", detail);
  if (err instanceof Stripe.errors.StripeIdempotencyError) {
    // Our keys are derived from what is being paid for, so a reused key with
    // different parameters means the order changed under a retry.
    return new AppError("CONFLICT", `${action} failed: the same request was already made with different details`);
  }
  if (err instanceof Stripe.errors.StripeRateLimitError) {
    return new AppError("RATE_LIMITED", `${action} failed: the payment provider is busy, please try again shortly`);
  }
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    const isConflict = err.code !== undefined && CONFLICT_CODES.has(err.code);
    return new AppError(isConflict ? "CONFLICT" : "BAD_REQUEST", detail, err.param ? { [err.param]: err.message } : {});
  }
  if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    return new Error(`${action} failed: the payment provider rejected the platform's API key (${err.message})`, { cause: err });
  }
  return new Error(`${action} failed: the payment provider answered with an error (${err.message})`, { cause: err });
}
