import type { RequestMeta } from "@/lib/auth/actor";
import { signUpLimit } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { consumeRateLimit, rateLimitAddressKey, rateLimitKeys } from "@/lib/rate-limit";
import { signUp } from "./sign-up";
import type { TSignUp } from "./types";

const HOUR_MS = 60 * 60_000;

/**
 * Sign-up from the public form. It answers the same, in about the same time
 * (the password is hashed either way: ~100 ms of scrypt against a few ms of
 * insert), whether the email was free or already has an account, so the form
 * cannot be used to learn who has an account. The one who owns the email
 * signs in with their password as before; the form's next step (signing in
 * with what was typed) only works for someone who knows the password. Sign-ups
 * per address are limited, which bounds probing through that next step too.
 */
export async function requestSignUp(opts: { db: Db; meta: RequestMeta; input: TSignUp }): Promise<void> {
  const key = rateLimitKeys.signUp(rateLimitAddressKey(opts.meta.ip));
  const rate = await consumeRateLimit(opts.db, { key, limit: signUpLimit().perAddressHour, windowMs: HOUR_MS });
  if (!rate.ok) {
    throw new AppError("RATE_LIMITED", `Too many sign-ups from your network; try again in ${Math.ceil(rate.resetSeconds / 60)} minutes.`);
  }
  try {
    await signUp(opts);
  } catch (err) {
    if (emailTaken(err)) return;
    throw err;
  }
}

/** signUp's answer for a taken email, or the unique index's when two sign-ups race. */
function emailTaken(err: unknown): boolean {
  if (err instanceof AppError) return err.code === "CONFLICT" && "email" in err.fields;
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
