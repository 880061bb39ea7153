import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { microBatch, perClient } from "@/lib/db/micro-batch";
import type { Db } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";

// Studio API keys look like `lk_<prefix>_<secret>`. Only the SHA-256 of the
// secret is stored (a key is high-entropy, so a fast hash is enough); the full
// key is returned once, at creation.

export const ZCreateApiKey = z.object({ name: text({ min: 2, max: 80, tooShort: "Name the key (e.g. the system using it)" }) });

const sha256 = (s: string) => createHash("sha256").update(s).digest();

export async function createApiKey(opts: { db: Db; actor: Actor; meta: RequestMeta; input: { name: string } }) {
  const { db, actor, meta } = opts;
  const studioId = requireStudio(actor);
  const input = parseInput(ZCreateApiKey, opts.input);
  const prefix = randomBytes(6).toString("hex");
  const secret = randomBytes(24).toString("base64url");
  const key = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { studioId, name: input.name, prefix, secretHash: sha256(secret).toString("hex"), createdById: actor.userId },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "api_key.created",
      subjectType: "ApiKey",
      subjectId: row.id,
      payload: { name: input.name, prefix },
    });
    return row;
  });
  return { id: key.id, name: key.name, prefix, token: `lk_${prefix}_${secret}` };
}

export async function listApiKeys(opts: { db: Db; actor: Actor }) {
  const studioId = requireStudio(opts.actor);
  return opts.db.apiKey.findMany({
    where: { studioId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeApiKey(opts: { db: Db; actor: Actor; meta: RequestMeta; keyId: string }) {
  const { db, actor, meta } = opts;
  const studioId = requireStudio(actor);
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: opts.keyId } });
    if (!key || key.studioId !== studioId) throw notFound("API key");
    const updated = await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (updated.count === 0) throw new AppError("CONFLICT", "This key is already revoked.");
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "api_key.revoked",
      subjectType: "ApiKey",
      subjectId: key.id,
      payload: { prefix: key.prefix },
    });
  });
}

/**
 * Resolves an `Authorization: Bearer lk_...` header to the studio actor the key
 * acts as (its creator, within its studio). Every failure is the same 401 so a
 * caller cannot probe which keys exist.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

type ApiKeyAndCreator = {
  id: string;
  studioId: string;
  secretHash: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  userId: string;
  role: Actor["role"];
  email: string;
  name: string;
  disabledAt: Date | null;
  memberOf: string | null;
};

/** When this process last wrote each key's "last used" (keys seen lately; a map of ids and numbers). */
const lastUsedWritten = new Map<string, number>();

/**
 * The key with its creator and their membership, in one round trip, read
 * fresh on every request (a revoked key or a disabled creator stops at once)
 * but micro-batched (lib/db/micro-batch.ts): every API call and every bulk
 * verification pays it, and a platform's concurrent requests share one query.
 */
const apiKeyByPrefix = perClient((db: Db) =>
  microBatch(async (prefixes: readonly string[]) => {
    const rows = await db.$queryRaw<(ApiKeyAndCreator & { prefix: string })[]>`
      SELECT k."prefix", k."id", k."studioId", k."secretHash", k."revokedAt", k."lastUsedAt",
             u."id" AS "userId", u."role"::text AS "role", u."email", u."name", u."disabledAt", m."studioId" AS "memberOf"
      FROM "ApiKey" k JOIN "User" u ON u."id" = k."createdById" LEFT JOIN "StudioMember" m ON m."userId" = u."id"
      WHERE k."prefix" = ANY(${[...new Set(prefixes)]}::text[])`;
    return prefixes.map((p) => rows.find((r) => r.prefix === p));
  }),
);

export async function authenticateApiKey(db: Db, authorization: string | null): Promise<Actor> {
  return (await authenticateApiKeyWithId(db, authorization)).actor;
}

/** authenticateApiKey, also naming the key (per-key limits count by it). */
export async function authenticateApiKeyWithId(db: Db, authorization: string | null): Promise<{ apiKeyId: string; actor: Actor }> {
  // Made only when refusing: an Error captures its stack, which every bulk verification would pay.
  const unauth = () => new AppError("UNAUTHENTICATED", "Send a valid studio API key as `Authorization: Bearer lk_...`.");
  const match = /^Bearer\s+lk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/.exec(authorization?.trim() ?? "");
  if (!match) throw unauth();
  const [, prefix, secret] = match as unknown as [string, string, string];
  const key = await apiKeyByPrefix(db, prefix);
  if (!key || key.revokedAt) throw unauth();
  const expected = Buffer.from(key.secretHash, "hex");
  if (!timingSafeEqual(expected, sha256(secret))) throw unauth();
  // The creator must still be a member of the key's studio, and enabled: leaving the studio or being disabled stops their keys at once.
  if (key.disabledAt || key.memberOf !== key.studioId) throw unauth();
  // "Last used" to the minute: a write per request would cost every API call a round trip and WAL.
  // Concurrent requests read the same stale value: only the first of this process writes it.
  const now = new Date();
  const written = lastUsedWritten.get(key.id) ?? key.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - written > LAST_USED_RESOLUTION_MS) {
    lastUsedWritten.set(key.id, now.getTime());
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { apiKeyId: key.id, actor: { userId: key.userId, role: key.role, email: key.email, name: key.name, studioId: key.studioId } };
}
