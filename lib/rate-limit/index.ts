export { rateLimitAddressKey } from "./address-key";
export {
  clearRateLimit,
  consumeRateLimit,
  consumeRateLimitBatched,
  consumeRateLimits,
  lockedUntil,
  startLock,
  sweepRateLimits,
} from "./rate-limit";
export type { RateDecision, RateLimit } from "./rate-limit";
export { rateLimitKeys, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, STUDIO_INVITATION_RATE } from "./limits";
