import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createStudio, createStudioMember, useTestStorage, type TestStorage } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// The studio's webhooks page and its actions as Next.js calls them, on a real
// PostgreSQL, with the signed-in person stubbed: the owner sets the URL and
// gets the secret once, a bad URL comes back as a field error on `url`, a
// member sees the page read-only and cannot change it, and removal works.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_lib/actor", async () => {
  const { AppError } = await import("@/lib/errors");
  const check = (roles?: readonly string[]) => {
    if (!session.actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    if (roles && !roles.includes(session.actor.role)) throw new AppError("FORBIDDEN", "Your account's role does not allow this.");
    return session.actor;
  };
  return {
    requireSessionActor: async (roles?: readonly string[]) => check(roles),
    requireActor: async (roles?: readonly string[]) => check(roles),
    requestMeta: async () => ({ ip: "203.0.113.7", userAgent: "vitest" }),
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { setWebhook, removeWebhook } = await import("./actions");
const { default: WebhooksPage } = await import("./page");

let t: TestDatabase;
let storage: TestStorage;
let owner: Actor, member: Actor;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  owner = await createStudio(t.db);
  member = await createStudioMember(t.db, owner);
});
afterAll(async () => {
  (globalThis as { likenessDb?: unknown }).likenessDb = undefined;
  await t?.drop();
  await storage?.cleanup();
});

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

async function renderPage(as: Actor): Promise<string> {
  session.actor = as;
  return renderToStaticMarkup(await WebhooksPage());
}

describe("studio webhooks page", () => {
  it("lets the owner set the URL (secret returned once) and refuses a bad URL on the url field", async () => {
    session.actor = owner;
    expect(await renderPage(owner)).toContain("No webhook is set");
    const bad = await setWebhook(null, form({ url: "http://hooks.example.com/likeness" }));
    expect(bad).toMatchObject({ ok: false, fields: { url: expect.stringMatching(/localhost or 127\.0\.0\.1/) } });
    const set = await setWebhook(null, form({ url: "https://hooks.example.com/likeness" }));
    expect(set).toMatchObject({ ok: true, url: "https://hooks.example.com/likeness", secret: expect.stringMatching(/^whsec_/) });
    const html = await renderPage(owner);
    expect(html).toContain("https://hooks.example.com/likeness");
    expect(html).toContain("Replace URL");
    expect(html).toContain("Remove webhook");
    expect(html).not.toContain(set.ok ? set.secret : "unreachable");
  });

  it("shows members the URL read-only, and refuses their changes", async () => {
    const html = await renderPage(member);
    expect(html).toContain("https://hooks.example.com/likeness");
    expect(html).toContain("Only your studio&#x27;s owner can set or remove the webhook.");
    expect(html).not.toContain("Replace URL");
    expect(html).not.toContain("Remove webhook");
    session.actor = member;
    expect(await setWebhook(null, form({ url: "https://evil.example.com/" }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/owner/),
    });
    expect(await removeWebhook(null)).toMatchObject({ ok: false, message: expect.stringMatching(/owner/) });
  });

  it("lets the owner remove it", async () => {
    session.actor = owner;
    expect(await removeWebhook(null)).toMatchObject({ ok: true, message: expect.stringMatching(/removed/) });
    expect(await renderPage(owner)).toContain("No webhook is set");
  });
});
