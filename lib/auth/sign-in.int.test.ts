import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS } from "@/lib/rate-limit";
import { caught, createUser, TEST_META, TEST_PASSWORD } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { signInWithPassword } from "./sign-in";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const attempt = (email: string, password: string, ip = TEST_META.ip) =>
  signInWithPassword({ db: t.db, email, password, meta: { ip, userAgent: "sign-in test" } }).catch((e: unknown) => e);
const lockEvents = () => t.db.auditEvent.findMany({ where: { action: "auth.sign_in_locked" }, orderBy: { seq: "asc" } });

describe("sign-in throttling", () => {
  it("locks an account after its failures, refuses even the right password while locked, audits the lock once", async () => {
    const user = await createUser(t.db, "TALENT");
    const ip = "198.51.100.20";
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await attempt(user.email, `wrong password ${i}`, ip));
    const elapsed = Date.now() - started;
    expect(answers.slice(0, SIGN_IN_ACCOUNT.failures)).toEqual(Array(SIGN_IN_ACCOUNT.failures).fill(null));
    for (const a of answers.slice(SIGN_IN_ACCOUNT.failures)) {
      expect(a).toBeInstanceOf(AppError);
      expect(a).toMatchObject({ code: "RATE_LIMITED", httpStatus: 429 });
      expect((a as AppError).message).toMatch(/Try again in 15 minutes/);
    }
    // While locked, the right password is refused too (a guesser cannot tell a right guess).
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatchObject({ code: "RATE_LIMITED" });
    // And from another address: the lock is the account's.
    expect(await attempt(user.email, TEST_PASSWORD, "192.0.2.99")).toMatchObject({ code: "RATE_LIMITED" });
    const events = await lockEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subjectType: "SignInThrottle", subjectId: `account:${user.userId}`, actorIp: ip });
    expect(events[0]!.payload).toMatchObject({ scope: "account", failures: SIGN_IN_ACCOUNT.failures, userId: user.userId });
    console.log(`25 wrong passwords: ${elapsed} ms; ${SIGN_IN_ACCOUNT.failures} checked, 15 refused as locked`);

    // The lock ends by itself when its time is up (here: moved into the past).
    await t.db.rateLimitWindow.updateMany({
      where: { key: { startsWith: "sign-in:lock:account:" } },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatchObject({ id: user.userId, role: "TALENT" });
  });

  it("locks an email no account uses the same way, without writing the email into the log", async () => {
    const email = `nobody-${Date.now()}@example.test`;
    const ip = "198.51.100.21";
    for (let i = 0; i < SIGN_IN_ACCOUNT.failures; i++) expect(await attempt(email, "guess", ip)).toBeNull();
    expect(await attempt(email, "guess", ip)).toMatchObject({ code: "RATE_LIMITED" });
    const event = (await lockEvents()).at(-1)!;
    expect(event.subjectId).toMatch(/^account:email-sha256:[0-9a-f]{32}$/);
    expect(JSON.stringify({ ...event, seq: String(event.seq) })).not.toContain(email);
  });

  it("locks an address (IPv6 by its /64) after failures across many accounts; other addresses still sign in", async () => {
    const user = await createUser(t.db, "AGENT");
    const before = (await lockEvents()).length;
    // Every attempt from another address of the same /64, each on another email.
    const answers = await Promise.all(
      Array.from({ length: SIGN_IN_ADDRESS.failures }, (_, i) =>
        attempt(`spray-${i}@example.test`, "guess", `2001:db8:7:7::${(i + 1).toString(16)}`),
      ),
    );
    expect(answers.every((a) => a === null)).toBe(true);
    expect(await attempt(user.email, TEST_PASSWORD, "2001:db8:7:7:ffff::1")).toMatchObject({ code: "RATE_LIMITED" });
    expect(await attempt(user.email, TEST_PASSWORD, "2001:db8:7:8::1")).toMatchObject({ id: user.userId });
    const events = (await lockEvents()).slice(before);
    expect(events.map((e) => e.subjectId)).toEqual(["address:2001:db8:7:7::/64"]);
  });

  it("a right password clears the account's failures; a disabled account is refused after the password", async () => {
    const user = await createUser(t.db, "STUDIO");
    const ip = "198.51.100.22";
    for (let i = 0; i < SIGN_IN_ACCOUNT.failures - 1; i++) await attempt(user.email, "wrong", ip);
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatchObject({ id: user.userId });
    expect(await attempt(user.email, "wrong again", ip)).toBeNull();
    await t.db.user.update({ where: { id: user.userId }, data: { disabledAt: new Date() } });
    expect(await attempt(user.email, "wrong", ip)).toBeNull();
    const err = await caught(() => signInWithPassword({ db: t.db, email: user.email, password: TEST_PASSWORD, meta: TEST_META }));
    expect(err).toMatchObject({ code: "FORBIDDEN" });
  });

  it("an email no account can have (NUL, a broken character, too long) is a failed sign-in, never a database error", async () => {
    for (const email of ["a\u0000b@example.test", "\ud800@example.test", `${"a".repeat(300)}@example.test`]) {
      expect(await attempt(email, "whatever password")).toBeNull();
    }
  });
});
