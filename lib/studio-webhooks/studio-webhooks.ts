import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { AppError, forbidden, parseInput } from "@/lib/errors";
import { newWebhookSecret, sealWebhookSecret } from "./webhook-secret";
import { ZSetStudioWebhook, type TSetStudioWebhook } from "./webhook-url";

// A studio's webhook: one URL per studio, set and removed by the studio's
// owner, read by every member. The signing secret is returned once, when the
// URL is set (setting it again makes a new secret); it is never shown again.
// Audit payloads carry the URL's origin only: a query string may hold a token.

async function requireOwner(tx: Tx, actor: Actor): Promise<string> {
  const studioId = requireStudio(actor);
  const me = await tx.studioMember.findUnique({ where: { userId: actor.userId } });
  if (me?.studioId !== studioId || me.role !== "OWNER") throw forbidden("Only your studio's owner can set or remove its webhook.");
  return studioId;
}

/** Sets (or replaces) the studio's webhook URL with a fresh signing secret, returned here only. */
export async function setStudioWebhook(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  input: TSetStudioWebhook;
}): Promise<{ id: string; url: string; secret: string }> {
  const { db, actor, meta } = opts;
  return db.$transaction(async (tx) => {
    const studioId = await requireOwner(tx, actor);
    const input = parseInput(ZSetStudioWebhook, opts.input);
    const studio = await tx.studioAccount.findUniqueOrThrow({ where: { id: studioId } });
    const secret = newWebhookSecret();
    const sealedSecret = sealWebhookSecret(studio, secret);
    const before = await tx.studioWebhook.findUnique({ where: { studioId } });
    const row = await tx.studioWebhook.upsert({
      where: { studioId },
      create: { studioId, url: input.url, sealedSecret, createdById: actor.userId },
      update: { url: input.url, sealedSecret, createdById: actor.userId, disabledAt: null },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "studio_webhook.set",
      subjectType: "StudioWebhook",
      subjectId: row.id,
      payload: { studioId, origin: new URL(row.url).origin, replaced: Boolean(before && !before.disabledAt) },
    });
    return { id: row.id, url: row.url, secret };
  });
}

/** Removes the studio's webhook: no new events are sent, and queued ones are dropped (marked failed) when their turn comes. */
export async function removeStudioWebhook(opts: { db: Db; actor: Actor; meta: RequestMeta; now?: Date }): Promise<void> {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  await db.$transaction(async (tx) => {
    const studioId = await requireOwner(tx, actor);
    const webhook = await tx.studioWebhook.findUnique({ where: { studioId } });
    const removed = webhook
      ? await tx.studioWebhook.updateMany({ where: { id: webhook.id, disabledAt: null }, data: { disabledAt: now } })
      : { count: 0 };
    if (!webhook || removed.count === 0) throw new AppError("NOT_FOUND", "Your studio has no webhook to remove.");
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "studio_webhook.removed",
      subjectType: "StudioWebhook",
      subjectId: webhook.id,
      payload: { studioId, origin: new URL(webhook.url).origin },
    });
  });
}

export type StudioWebhookView = { id: string; url: string; createdAt: Date; updatedAt: Date };

/** The actor's studio's active webhook (never its secret; null when none is set), and whether the actor may change it. */
export async function getStudioWebhook(opts: { db: Db; actor: Actor }): Promise<{ webhook: StudioWebhookView | null; canManage: boolean }> {
  const studioId = requireStudio(opts.actor);
  const [row, me] = await Promise.all([
    opts.db.studioWebhook.findUnique({
      where: { studioId },
      select: { id: true, url: true, createdAt: true, updatedAt: true, disabledAt: true },
    }),
    opts.db.studioMember.findUnique({ where: { userId: opts.actor.userId } }),
  ]);
  const webhook = row && !row.disabledAt ? { id: row.id, url: row.url, createdAt: row.createdAt, updatedAt: row.updatedAt } : null;
  return { webhook, canManage: me?.studioId === studioId && me.role === "OWNER" };
}

/** The actor's studio's most recent webhook deliveries, newest first. */
export async function listStudioWebhookDeliveries(opts: { db: Db; actor: Actor; take?: number }) {
  const studioId = requireStudio(opts.actor);
  return opts.db.studioWebhookDelivery.findMany({
    where: { webhook: { studioId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(opts.take ?? 25, 1), 100),
    select: {
      id: true,
      event: true,
      orderId: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
}
