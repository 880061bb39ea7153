import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { canonicalJson, keyIdOf } from "@/lib/provenance";
import { ANCHOR_SCHEMA, ZAnchorsQuery, ZAnchorStatement, ZSignedAnchor, type TAnchorStatement, type TSignedAnchor } from "./anchor-types";
import { lockAuditChain } from "./append-audit-event";
import { verifyAuditChain, type ChainProblem } from "./hash-chain";
import type { StoredAuditEvent } from "./types";

// Signed anchors of the audit chain (issue 11). An anchor says "on <at> the
// chain was <chainLength> events long and its head was event <headSeq> with
// hash <headHash>", signed with the platform's Ed25519 key (the provenance
// key, published at /.well-known/likeness-signing-key.json). Each one is kept
// twice: in the AuditAnchor table (append-only; served by the public endpoint
// GET /api/v1/audit-anchors, so others can keep copies) and as one line of an
// append-only JSON-lines file outside the database. Whoever rewrites the
// database (even its owner, with the triggers off) cannot rewrite the file or
// the copies, so a chain check against the latest anchor finds a truncated
// tail: the anchored event is gone or changed.

export { ANCHOR_SCHEMA, ZAnchorStatement, ZSignedAnchor, ZAnchorsQuery } from "./anchor-types";
export type { TAnchorStatement, TSignedAnchor } from "./anchor-types";

/** The exact bytes that are signed: the statement's canonical JSON (keys sorted, no whitespace). */
function statementBytes(statement: TAnchorStatement): Buffer {
  return Buffer.from(canonicalJson(statement));
}

export function signAnchor(statement: TAnchorStatement, privateKey: KeyObject): TSignedAnchor {
  const anchor = ZAnchorStatement.parse(statement);
  return {
    anchor,
    signature: {
      alg: "Ed25519",
      keyId: keyIdOf(createPublicKey(privateKey)),
      value: sign(null, statementBytes(anchor), privateKey).toString("base64"),
    },
  };
}

export type AnchorCheck = { valid: true; anchor: TSignedAnchor } | { valid: false; reason: string };

/** Checks shape, key id and signature; never throws on bad input. */
export function verifyAnchor(signed: unknown, publicKeys: KeyObject | readonly KeyObject[]): AnchorCheck {
  const parsed = ZSignedAnchor.safeParse(signed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      valid: false,
      reason: `not a Likeness audit anchor: ${issue ? `${issue.path.join(".") || "anchor"}: ${issue.message}` : "bad shape"}`,
    };
  }
  const { anchor, signature } = parsed.data;
  const key = (Array.isArray(publicKeys) ? publicKeys : [publicKeys as KeyObject]).find((k) => keyIdOf(k) === signature.keyId);
  if (!key) return { valid: false, reason: `signed by an unknown key (${signature.keyId})` };
  const ok = verify(null, statementBytes(anchor), key, Buffer.from(signature.value, "base64"));
  return ok
    ? { valid: true, anchor: parsed.data }
    : { valid: false, reason: "the signature does not match the anchor: it was altered or forged" };
}

// ---------------------------------------------------------------------------
// The append-only file

/** Appends one anchor as one line and flushes it to disk before returning. */
export async function appendAnchorToFile(file: string, signed: TSignedAnchor): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // O_APPEND: every write lands at the end, whatever else writes the file; nothing here ever seeks or truncates it.
  const handle = await open(file, "a", 0o600);
  try {
    await handle.write(`${JSON.stringify(signed)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** How much of the file's end is read to find the latest anchor (an anchor line is about 330 bytes). */
const TAIL_BYTES = 64 * 1024;

export type FileAnchor = { anchor: TSignedAnchor | null; problems: ChainProblem[] };

/**
 * The newest line of the file whose signature verifies. Lines after it that do
 * not verify (edited, forged, cut short) are reported as problems. A missing
 * file is no anchor and no problem (nothing was published there yet).
 */
export async function latestFileAnchor(file: string, publicKeys: KeyObject | readonly KeyObject[]): Promise<FileAnchor> {
  let text: string;
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - TAIL_BYTES);
      const buf = Buffer.alloc(size - start);
      await handle.read(buf, 0, buf.length, start);
      text = buf.toString("utf8");
      // The first line of a partial read may be cut: drop it unless the read began at the start.
      if (start > 0) text = text.slice(text.indexOf("\n") + 1);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { anchor: null, problems: [] };
    throw e;
  }
  const problems: ChainProblem[] = [];
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  for (let i = lines.length - 1; i >= 0; i--) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(lines[i]!);
    } catch {
      problems.push({
        kind: "anchor_invalid",
        seq: "?",
        detail: `a line of the anchor file ${file} is not JSON: it was cut short or edited`,
      });
      continue;
    }
    const check = verifyAnchor(parsed, publicKeys);
    if (check.valid) return { anchor: check.anchor, problems };
    const seq = (parsed as { anchor?: { headSeq?: unknown } })?.anchor?.headSeq;
    problems.push({
      kind: "anchor_invalid",
      seq: typeof seq === "string" ? seq : "?",
      detail: `an anchor in ${file} does not verify: ${check.reason}`,
    });
  }
  return { anchor: null, problems };
}

// ---------------------------------------------------------------------------
// Anchors in the database

type AnchorRow = { seq: bigint; hash: string; eventCount: number; checkedAt: Date; keyId: string | null; signature: string | null };

/** The signed form of a stored anchor (null for one recorded before anchors were signed). */
export function signedAnchorOf(row: AnchorRow): TSignedAnchor | null {
  if (!row.keyId || !row.signature) return null;
  return {
    anchor: {
      schema: ANCHOR_SCHEMA,
      chainLength: row.eventCount,
      headSeq: row.seq.toString(),
      headHash: row.hash,
      at: row.checkedAt.toISOString(),
    },
    signature: { alg: "Ed25519", keyId: row.keyId, value: row.signature },
  };
}

/** What a chain check compares with: the head event it recorded and the chain's length then. */
export type AnchorRef = { seq: bigint; hash: string; chainLength: number; source: "database" | "file" };

export type AnchorSources = {
  db: Db | Tx;
  /** The append-only file (absent: the database only). */
  file?: string;
  publicKeys: KeyObject | readonly KeyObject[];
};

/**
 * The newest anchor, from the database and from the file together: the one
 * with the higher head wins, so emptying the AuditAnchor table (or deleting
 * its newest rows) does not hide a truncation from the file's anchor. A
 * database anchor whose signature does not verify is a problem and is not
 * used; an unsigned one (recorded before signing) is used as it is.
 */
export async function latestAnchor(src: AnchorSources): Promise<{ anchor: AnchorRef | null; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  let best: AnchorRef | null = null;
  const rows = await src.db.auditAnchor.findMany({ orderBy: [{ seq: "desc" }, { checkedAt: "desc" }], take: 20 });
  for (const row of rows) {
    const signed = signedAnchorOf(row);
    if (signed) {
      const check = verifyAnchor(signed, src.publicKeys);
      if (!check.valid) {
        problems.push({
          kind: "anchor_invalid",
          seq: row.seq.toString(),
          detail: `the anchor at event ${row.seq} in the database does not verify: ${check.reason}`,
        });
        continue;
      }
    }
    best = { seq: row.seq, hash: row.hash, chainLength: row.eventCount, source: "database" };
    break;
  }
  if (src.file) {
    const fromFile = await latestFileAnchor(src.file, src.publicKeys);
    problems.push(...fromFile.problems);
    const a = fromFile.anchor?.anchor;
    if (a && (!best || BigInt(a.headSeq) > best.seq)) {
      best = { seq: BigInt(a.headSeq), hash: a.headHash, chainLength: a.chainLength, source: "file" };
    }
  }
  return { anchor: best, problems };
}

/**
 * Records an anchor at `head`, signed, in the caller's transaction, and appends
 * it to the file before the transaction commits (if the file cannot be
 * written, the transaction fails and nothing is recorded).
 */
export async function recordAnchor(
  tx: Tx,
  opts: {
    head: { seq: bigint; hash: string };
    chainLength: number;
    privateKey: KeyObject;
    file?: string;
    checkedById?: string | null;
    now?: Date;
  },
): Promise<TSignedAnchor> {
  const at = new Date(Math.floor((opts.now ?? new Date()).getTime())); // the column keeps milliseconds
  const signed = signAnchor(
    {
      schema: ANCHOR_SCHEMA,
      chainLength: opts.chainLength,
      headSeq: opts.head.seq.toString(),
      headHash: opts.head.hash,
      at: at.toISOString(),
    },
    opts.privateKey,
  );
  await tx.auditAnchor.create({
    data: {
      seq: opts.head.seq,
      hash: opts.head.hash,
      eventCount: opts.chainLength,
      checkedAt: at,
      checkedById: opts.checkedById ?? null,
      keyId: signed.signature.keyId,
      signature: signed.signature.value,
    },
  });
  if (opts.file) await appendAnchorToFile(opts.file, signed);
  return signed;
}

// ---------------------------------------------------------------------------
// Walking the chain

const BATCH = 5000;

/** Events with seq >= `from` (all when undefined), in seq order, read in batches. */
export async function readChain(db: Db | Tx, from?: bigint): Promise<StoredAuditEvent[]> {
  const events: StoredAuditEvent[] = [];
  let where: { seq: { gte: bigint } | { gt: bigint } } | Record<string, never> = from !== undefined ? { seq: { gte: from } } : {};
  for (;;) {
    const batch = await db.auditEvent.findMany({ where, orderBy: { seq: "asc" }, take: BATCH });
    events.push(...batch);
    if (batch.length < BATCH) break;
    where = { seq: { gt: batch.at(-1)!.seq } };
  }
  return events;
}

// ---------------------------------------------------------------------------
// The periodic publication (the worker's audit-anchor job)

export type PublishResult =
  | { published: true; anchor: TSignedAnchor; checkedEvents: number }
  | { published: false; reason: "empty" | "unchanged"; checkedEvents: number }
  | { published: false; reason: "broken"; checkedEvents: number; problems: ChainProblem[] };

/**
 * Publishes the chain's head as a signed anchor, unless nothing was appended
 * since the latest anchor. It first checks the events since that anchor
 * (the anchored event unchanged, every later event matching its hash and
 * linking to the one before), and the whole chain when there is no anchor
 * yet: a chain that was tampered with is reported and not signed. Writes no
 * audit event of its own (that would move the head on every run); the anchor
 * itself is the record.
 */
export async function publishAuditAnchor(opts: { db: Db; privateKey: KeyObject; file: string; now?: Date }): Promise<PublishResult> {
  const { db, file } = opts;
  const publicKey = createPublicKey(opts.privateKey);
  const latest = await latestAnchor({ db, file, publicKeys: publicKey });
  const from = latest.anchor;
  const events = await readChain(db, from?.seq);
  const problems = [...latest.problems];
  if (from) {
    const anchored = events[0];
    if (!anchored || anchored.seq !== from.seq || anchored.hash !== from.hash) {
      problems.push({
        kind: "anchor_missing",
        seq: from.seq.toString(),
        detail: `event ${from.seq} recorded by the latest anchor (${from.source}) is gone or changed: the log was truncated or rewritten`,
      });
    } else {
      problems.push(...verifyAuditChain(events.slice(1), null, { after: { seq: anchored.seq, hash: anchored.hash } }).problems);
    }
  } else {
    problems.push(...verifyAuditChain(events).problems);
  }
  if (problems.length) return { published: false, reason: "broken", checkedEvents: events.length, problems };
  const head = events.at(-1);
  if (!head) return { published: false, reason: "empty", checkedEvents: 0 };
  if (from && head.seq === from.seq) return { published: false, reason: "unchanged", checkedEvents: events.length };
  const chainLength = from ? from.chainLength + events.length - 1 : events.length;
  const anchor = await db.$transaction(async (tx) => {
    // Serialized with appends and with other publishers: a second publisher of the same head finds it anchored.
    await lockAuditChain(tx);
    const newest = await tx.auditAnchor.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
    if (newest && newest.seq >= head.seq) return null;
    return recordAnchor(tx, { head, chainLength, privateKey: opts.privateKey, file, now: opts.now });
  });
  return anchor
    ? { published: true, anchor, checkedEvents: events.length }
    : { published: false, reason: "unchanged", checkedEvents: events.length };
}

// ---------------------------------------------------------------------------
// The public list

export type AnchorPage = {
  schema: typeof ANCHOR_SCHEMA;
  /** Where the public key is (its key id is each signature's keyId). */
  signingKey: string;
  howToVerify: string;
  anchors: TSignedAnchor[];
  nextBefore: string | null;
};

/** Signed anchors, newest first, paged by head sequence number (`before`: heads below it). */
export async function listSignedAnchors(db: Db, query: z.input<typeof ZAnchorsQuery>): Promise<AnchorPage> {
  const q = parseInput(ZAnchorsQuery, query);
  const opts = { before: q.before === undefined ? undefined : BigInt(q.before), limit: q.limit };
  const rows = await db.auditAnchor.findMany({
    where: { signature: { not: null }, ...(opts.before !== undefined ? { seq: { lt: opts.before } } : {}) },
    orderBy: [{ seq: "desc" }, { checkedAt: "desc" }],
    take: opts.limit + 1,
  });
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return {
    schema: ANCHOR_SCHEMA,
    signingKey: "/.well-known/likeness-signing-key.json",
    howToVerify:
      "Ed25519 signature (base64, signature.value) over the canonical JSON of `anchor` (keys sorted, no whitespace) with the key whose id is signature.keyId. " +
      "Keep the anchors you fetch: if the audit log's event headSeq is later gone or has another hash, or fewer events lead up to it than chainLength, the log was truncated or rewritten.",
    anchors: page.map((r) => signedAnchorOf(r)!),
    nextBefore: more ? page.at(-1)!.seq.toString() : null,
  };
}
