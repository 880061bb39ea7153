import { createHash } from "node:crypto";
import type { RequestMeta } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { MAX_EMAIL_LENGTH } from "@/lib/users/types";
import { textProblem } from "@/lib/validation/text";
import {
  clearRateLimit,
  consumeRateLimit,
  lockedUntil,
  rateLimitAddressKey,
  rateLimitKeys,
  SIGN_IN_ACCOUNT,
  SIGN_IN_ADDRESS,
  startLock,
} from "@/lib/rate-limit";

// Password sign-in with throttling. Failed attempts are counted per account
// (the email, whether or not an account uses it, so a lock reveals nothing)
// and per client address (/64 for IPv6) in the shared limiter; reaching
// either limit locks that account or address for a while. A locked sign-in is
// refused before the password is checked, so a guesser is answered at once
// with a refusal and learns nothing more. A lock ends by itself when its time
// is up; starting one writes an audit event in the same transaction.

export const DISABLED_ACCOUNT_MESSAGE = "This account has been disabled. Contact support@likeness.example to restore access.";

export type SignedInUser = { id: string; email: string; name: string; role: Role; studioId: string | null };

// Verifying against a throwaway hash when the email is unknown keeps the
// response time the same as for a wrong password, so timing does not reveal
// which emails have accounts.
let dummyHash: Promise<string> | null = null;
const timingDummy = () => (dummyHash ??= hashPassword("likeness-timing-dummy"));

function lockedMessage(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `Too many failed sign-ins for this account or from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The user for a correct email and password; null for a wrong one; RATE_LIMITED while locked; FORBIDDEN when disabled. */
export async function signInWithPassword(opts: {
  db: Db;
  email: string;
  password: string;
  meta: RequestMeta;
}): Promise<SignedInUser | null> {
  const { db, meta, password } = opts;
  const email = opts.email.trim().toLowerCase();
  if (!email || !password) return null;
  // An email no account can have (NUL, a broken character, over the length an email can be) is a failed
  // sign-in, before it reaches the database as a lookup or a rate-limit key (PostgreSQL refuses NUL: a 500).
  if (email.length > MAX_EMAIL_LENGTH || textProblem(email) !== null) return null;
  const address = rateLimitAddressKey(meta.ip);
  const until = await lockedUntil(db, [rateLimitKeys.signInLockAccount(email), rateLimitKeys.signInLockAddress(address)]);
  if (until) throw new AppError("RATE_LIMITED", lockedMessage(until));

  const user = await db.user.findUnique({ where: { email }, include: { studioMembership: { select: { studioId: true } } } });
  const correct = await verifyPassword(password, user?.passwordHash ?? (await timingDummy()));
  if (!user || !correct) {
    await recordFailure(db, { email, address, userId: user?.id, meta });
    return null;
  }
  if (user.disabledAt) throw new AppError("FORBIDDEN", DISABLED_ACCOUNT_MESSAGE);
  await clearRateLimit(db, rateLimitKeys.signInFailuresAccount(email));
  return { id: user.id, email: user.email, name: user.name, role: user.role, studioId: user.studioMembership?.studioId ?? null };
}

/** Counts a failure against the account and the address; locks whichever reached its limit (audited). */
async function recordFailure(db: Db, f: { email: string; address: string; userId?: string; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const scopes = [
      {
        scope: "account" as const,
        limits: SIGN_IN_ACCOUNT,
        counter: rateLimitKeys.signInFailuresAccount(f.email),
        lock: rateLimitKeys.signInLockAccount(f.email),
      },
      {
        scope: "address" as const,
        limits: SIGN_IN_ADDRESS,
        counter: rateLimitKeys.signInFailuresAddress(f.address),
        lock: rateLimitKeys.signInLockAddress(f.address),
      },
    ];
    for (const s of scopes) {
      const hit = await consumeRateLimit(tx, { key: s.counter, limit: s.limits.failures, windowMs: s.limits.windowMs });
      if (hit.count < s.limits.failures) continue;
      const lock = await startLock(tx, s.lock, s.limits.lockMs);
      if (!lock.started) continue;
      // The subject names the account by its user id, or by a hash of an email no account uses
      // (no attacker-typed text in the permanent log); the address by its /64 or IPv4 address.
      const subject =
        s.scope === "address" ? f.address : (f.userId ?? `email-sha256:${createHash("sha256").update(f.email).digest("hex").slice(0, 32)}`);
      await appendAuditEvent(tx, {
        actor: null,
        meta: f.meta,
        action: "auth.sign_in_locked",
        subjectType: "SignInThrottle",
        subjectId: `${s.scope}:${subject}`,
        payload: {
          scope: s.scope,
          until: lock.until.toISOString(),
          failures: hit.count,
          ...(s.scope === "account" && f.userId ? { userId: f.userId } : {}),
        },
      });
      // A new window starts counting after the lock.
      await clearRateLimit(tx, s.counter);
    }
  });
}
