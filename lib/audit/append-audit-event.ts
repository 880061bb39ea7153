import type { Actor, RequestMeta } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import { hashAuditEvent } from "./hash-chain";
import { checkAuditPayload } from "./payloads";
import { GENESIS_HASH, type AuditAction, type AuditSubjectType } from "./types";

const CHAIN_LOCK = 724_961_012; // advisory lock that serializes appends to the one chain

/**
 * Takes the chain's lock for the rest of the caller's transaction. Appending
 * takes it anyway; a check-then-act that must not interleave with other audited
 * writes (a quota check before an approval) takes it first, so it is always
 * acquired before any row lock and cannot deadlock against an append.
 */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
}

/**
 * Prisma writes a JSON number with at most 16 significant digits, so a double
 * that needs 17 (a float32 loss, 0.1 + 0.2) is stored as a neighbouring value
 * and the event no longer matches the hash computed before the write. Payload
 * fractions are therefore cut to 15 significant digits first, which every
 * writer and reader keeps exactly.
 */
function storableNumber(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(15)) : value;
}

export type AuditInput = {
  actor: Actor | null;
  meta?: RequestMeta;
  action: AuditAction;
  subjectType: AuditSubjectType;
  subjectId: string;
  payload?: Record<string, unknown>;
  at?: Date;
};

/**
 * Appends one event to the hash chain inside the caller's transaction, so the
 * event exists exactly when the change it records does. The actor's email and
 * role are copied onto the row so the log outlives the user.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  await lockAuditChain(tx);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const [{ seq }] = await tx.$queryRaw<[{ seq: bigint }]>`
    SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq')) AS seq`;
  const data = {
    seq,
    at: input.at ?? new Date(),
    actorUserId: input.actor?.userId ?? null,
    actorEmail: input.actor?.email ?? null,
    actorRole: input.actor?.role ?? null,
    actorIp: input.meta?.ip ?? null,
    actorUserAgent: input.meta?.userAgent ?? null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    payload: checkAuditPayload(input.action, JSON.parse(JSON.stringify(input.payload ?? {}), storableNumber) as Record<string, unknown>),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(data);
  await tx.auditEvent.create({ data: { ...data, payload: data.payload as object, hash } });
  return { seq, hash };
}
