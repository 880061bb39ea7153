import type { RateLimit } from "./rate-limit";

// (Sign-ups per address: lib/config.ts signUpLimit, an environment variable, since tests sign up many accounts from one address.)

// Every limit the platform enforces, in one place. Keys are prefixed by what
// they count, so limits never share a counter.

/** Failed sign-ins to one account before it is locked, and for how long. */
export const SIGN_IN_ACCOUNT = { failures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;
/**
 * Failed sign-ins from one address (/64 for IPv6) before it is locked: higher,
 * since an office or a carrier's NAT puts many people behind one address.
 */
export const SIGN_IN_ADDRESS = { failures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;
/** Studio invitations one studio sends per hour. */
export const STUDIO_INVITATION_RATE: RateLimit = { limit: 30, windowMs: 60 * 60_000 };

export const rateLimitKeys = {
  verify: (address: string) => `verify:address:${address}`,
  verifyApiKey: (apiKeyId: string) => `verify:api-key:${apiKeyId}`,
  signInFailuresAccount: (email: string) => `sign-in:failures:account:${email}`,
  signInFailuresAddress: (address: string) => `sign-in:failures:address:${address}`,
  signInLockAccount: (email: string) => `sign-in:lock:account:${email}`,
  signInLockAddress: (address: string) => `sign-in:lock:address:${address}`,
  signUp: (address: string) => `sign-up:address:${address}`,
  studioInvitation: (studioId: string) => `studio-invitation:studio:${studioId}`,
};
