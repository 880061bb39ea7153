import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { authenticateApiKey, createApiKey } from "@/lib/studios/api-keys";
import { caught, createAdmin, createStudio, createUser, TEST_META, TEST_PASSWORD } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { setAccountDisabled } from "@/lib/admin/set-account-disabled";

// Disabling through the lib action and through the admin API, with the session
// stubbed where next-auth would read the cookie: the disabled account's live
// session, API key and sign-in stop at once, and work again once enabled.

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({ getServerSession: async () => (session.userId ? { user: { userId: session.userId } } : null) }));

let t: TestDatabase;
let admin: Actor;
let studio: Actor;
let token: string;
const saved = process.env.DATABASE_URL;

beforeAll(async () => {
  t = await createTestDatabase();
  // app/_lib/actor.ts reads through the process's client (db()), on this database.
  process.env.DATABASE_URL = t.url;
  admin = await createAdmin(t.db);
  studio = await createStudio(t.db);
  token = (await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "Pipeline" } })).token;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
  process.env.DATABASE_URL = saved;
  await t?.drop();
});

const actorOf = async (userId: string) => {
  session.userId = userId;
  const { getActor } = await import("@/app/_lib/actor");
  return getActor();
};
const patch = async (userId: string, body: unknown) => {
  session.userId = admin.userId;
  const { PATCH } = await import("@/app/api/admin/users/[userId]/route");
  const req = new NextRequest(`http://localhost/api/admin/users/${userId}`, {
    method: "PATCH",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  return PATCH(req, { params: Promise.resolve({ userId }) });
};

describe("disabling an account", () => {
  it("stops its session, its API keys and its sign-in at once, audited; enabling restores them", async () => {
    expect(await actorOf(studio.userId)).toMatchObject({ userId: studio.userId });
    expect(await authenticateApiKey(t.db, `Bearer ${token}`)).toMatchObject({ userId: studio.userId });

    const res = await patch(studio.userId, { disabled: true, reason: "Chargebacks under review" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: studio.userId, disabledAt: expect.any(String) });

    expect(await actorOf(studio.userId)).toBeNull();
    expect(await caught(() => authenticateApiKey(t.db, `Bearer ${token}`))).toMatchObject({ httpStatus: 401 });
    expect(
      await caught(() => signInWithPassword({ db: t.db, email: studio.email, password: TEST_PASSWORD, meta: TEST_META })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });

    expect((await patch(studio.userId, { disabled: false })).status).toBe(200);
    expect(await actorOf(studio.userId)).toMatchObject({ userId: studio.userId });
    expect(await authenticateApiKey(t.db, `Bearer ${token}`)).toMatchObject({ userId: studio.userId });

    const events = await t.db.auditEvent.findMany({
      where: { subjectId: studio.userId, action: { in: ["user.disabled", "user.enabled"] } },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([
      ["user.disabled", admin.userId],
      ["user.enabled", admin.userId],
    ]);
    expect(events[0]!.payload).toEqual({ email: studio.email, reason: "Chargebacks under review" });
  });

  it("is for admins only, never one's own account, and refuses a change that is already made", async () => {
    const talent = await createUser(t.db, "TALENT");
    const as = (actor: Actor, disabled: boolean, userId = talent.userId) =>
      caught(() => setAccountDisabled({ db: t.db, actor, meta: TEST_META, input: { userId, disabled } }));
    expect(await as(studio, true)).toMatchObject({ httpStatus: 403 });
    expect(await as(admin, true, admin.userId)).toMatchObject({ httpStatus: 409 });
    expect(await as(admin, false)).toMatchObject({ httpStatus: 409, message: "This account is already enabled." });
    expect(await as(admin, true, "no-such-user")).toMatchObject({ httpStatus: 404 });
    expect((await patch(talent.userId, { disabled: "yes" })).status).toBe(422);
    // The API answers a studio's session 403.
    session.userId = studio.userId;
    const { PATCH } = await import("@/app/api/admin/users/[userId]/route");
    const res = await PATCH(
      new NextRequest("http://localhost/x", { method: "PATCH", body: "{}", headers: { "content-type": "application/json" } }),
      {
        params: Promise.resolve({ userId: talent.userId }),
      },
    );
    expect(res.status).toBe(403);
  });
});
