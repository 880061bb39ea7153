import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { caught, createUser, TEST_PASSWORD } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { requestSignUp } from "./request-sign-up";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const meta = (ip: string) => ({ ip, userAgent: "sign-up test" });
const input = (email: string) => ({ role: "TALENT" as const, name: "Probe Person", email, password: "another password 123" });
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; answer: unknown }> {
  const start = performance.now();
  const answer = await fn().catch((e: unknown) => e);
  return { ms: performance.now() - start, answer };
}

describe("sign-up does not reveal which emails have accounts", () => {
  it("answers a taken email as a free one, in the same order of time, and leaves the account as it was", async () => {
    const owner = await createUser(t.db, "STUDIO");
    const taken: number[] = [];
    const free: number[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await timed(() => requestSignUp({ db: t.db, meta: meta("198.51.100.40"), input: input(owner.email) }));
      const b = await timed(() =>
        requestSignUp({ db: t.db, meta: meta("198.51.100.40"), input: input(`free-${i}-${Date.now()}@example.test`) }),
      );
      expect(a.answer).toBeUndefined();
      expect(b.answer).toBeUndefined();
      taken.push(a.ms);
      free.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    console.log(`sign-up median: taken email ${median(taken).toFixed(0)} ms, free email ${median(free).toFixed(0)} ms`);
    // The same order of magnitude (both are dominated by the ~100 ms password hash); loose bounds, as CI machines are noisy.
    expect(median(taken) / median(free)).toBeGreaterThan(0.25);
    expect(median(taken) / median(free)).toBeLessThan(4);
    // The existing account keeps its role and password; the typed password does not sign in.
    expect(await t.db.user.findUnique({ where: { email: owner.email }, select: { role: true, name: true } })).toMatchObject({
      role: "STUDIO",
    });
    expect(
      await signInWithPassword({ db: t.db, email: owner.email, password: "another password 123", meta: meta("198.51.100.41") }),
    ).toBeNull();
    expect(await signInWithPassword({ db: t.db, email: owner.email, password: TEST_PASSWORD, meta: meta("198.51.100.41") })).toMatchObject({
      id: owner.userId,
    });
  });

  it("limits sign-ups per address (IPv6 by /64), taken emails included", async () => {
    const ip = (i: number) => `2001:db8:40:1::${i + 1}`;
    for (let i = 0; i < 20; i++) await requestSignUp({ db: t.db, meta: meta(ip(i)), input: input(`many-${i}@example.test`) });
    expect(await caught(() => requestSignUp({ db: t.db, meta: meta(ip(99)), input: input("one-more@example.test") }))).toMatchObject({
      code: "RATE_LIMITED",
    });
    await requestSignUp({ db: t.db, meta: meta("2001:db8:40:2::1"), input: input("elsewhere@example.test") });
  });
});
