import { generateKeyPairSync } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChainCheck } from "@/lib/admin/audit-log";
import type { Actor } from "@/lib/auth/actor";
import { createAdmin, TEST_META } from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { appendAuditEvent } from "./append-audit-event";
import { latestAnchor, listSignedAnchors, publishAuditAnchor, signAnchor, verifyAnchor } from "./anchors";

// The audit chain's head, published periodically as a signed anchor in the
// database and in an append-only file outside it, makes truncating the tail of
// the log detectable even by someone who can rewrite the database: the chain
// check compares with the newest anchor of both.

const key = generateKeyPairSync("ed25519");
let t: TestDatabase;
let dir: string;
let file: string;
let owner: pg.Client;
let admin: Actor;
let counter = 0;

const appendEvents = (n: number) =>
  t.db.$transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      counter++;
      await appendAuditEvent(tx, {
        actor: null,
        action: "user.signed_up",
        subjectType: "User",
        subjectId: `u${counter}`,
        payload: { role: "TALENT" },
      });
    }
  });

const publish = () => publishAuditAnchor({ db: t.db, privateKey: key.privateKey, file });
const check = () => runChainCheck({ db: t.db, actor: admin, meta: TEST_META, anchors: { privateKey: key.privateKey, file } });

/** Runs SQL as the owner (or a superuser) would, with the append-only triggers out of the way. */
async function tamper(sql: string, params: unknown[] = []) {
  const superuser = (await owner.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0].rolsuper as boolean;
  if (superuser) {
    await owner.query(`SET session_replication_role = replica`);
    try {
      await owner.query(sql, params);
    } finally {
      await owner.query(`SET session_replication_role = DEFAULT`);
    }
    return;
  }
  await owner.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER; ALTER TABLE "AuditAnchor" DISABLE TRIGGER USER`);
  try {
    await owner.query(sql, params);
  } finally {
    await owner.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER; ALTER TABLE "AuditAnchor" ENABLE TRIGGER USER`);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "likeness-anchor-int-"));
  file = path.join(dir, "audit", "anchors.jsonl");
  t = await createTestDatabase();
  owner = new pg.Client({ connectionString: t.ownerUrl });
  await owner.connect();
  admin = await createAdmin(t.db);
});

afterAll(async () => {
  await owner?.end();
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

const fileLines = async () =>
  (await readFile(file, "utf8"))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("periodic publication", () => {
  it("signs the chain's head into the table and the file; nothing new appended, nothing new published", async () => {
    await appendEvents(4);
    const total = await t.db.auditEvent.count();
    const head = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const first = await publish();
    expect(first).toMatchObject({ published: true, checkedEvents: total });
    if (!first.published) throw new Error("not published");
    expect(first.anchor.anchor).toMatchObject({ chainLength: total, headSeq: head.seq.toString(), headHash: head.hash });
    expect(verifyAnchor(first.anchor, key.publicKey).valid).toBe(true);
    expect(await fileLines()).toEqual([first.anchor]);
    expect(await t.db.auditAnchor.count({ where: { signature: { not: null } } })).toBe(1);

    expect(await publish()).toMatchObject({ published: false, reason: "unchanged" });
    expect(await fileLines()).toHaveLength(1);
  });

  it("the next publication checks only what was appended since the last anchor, and counts the chain on from it", async () => {
    await appendEvents(3);
    const total = await t.db.auditEvent.count();
    const next = await publish();
    expect(next).toMatchObject({ published: true, checkedEvents: 4 }); // the anchored event and the 3 after it
    if (next.published) expect(next.anchor.anchor.chainLength).toBe(total);
    expect((await fileLines()).map((l) => l.anchor.chainLength)).toEqual([total - 3, total]);
  });

  it("the public list pages the signed anchors, newest first, and every one verifies with the platform key", async () => {
    const page1 = await listSignedAnchors(t.db, { limit: 1 });
    expect(page1.anchors).toHaveLength(1);
    expect(page1.nextBefore).toBe(page1.anchors[0]!.anchor.headSeq);
    const page2 = await listSignedAnchors(t.db, { limit: 1, before: page1.nextBefore! });
    expect(page2.nextBefore).toBeNull();
    const all = [...page1.anchors, ...page2.anchors];
    expect(all.map((a) => a.anchor.headSeq)).toEqual((await fileLines()).map((l) => l.anchor.headSeq).reverse());
    for (const a of all) expect(verifyAnchor(a, key.publicKey).valid).toBe(true);
  });

  it("the chain check passes against the published anchors, and records its own signed anchor only at a head not yet anchored", async () => {
    const before = (await fileLines()).length;
    expect(await check()).toMatchObject({ ok: true, problems: [] });
    expect(await fileLines()).toHaveLength(before); // the publisher had anchored this head already
    await appendEvents(1);
    const res = await check();
    expect(res).toMatchObject({ ok: true, problems: [] });
    const lines = await fileLines();
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1).anchor.headSeq).toBe(res.head!.seq);
  });
});

describe("truncating the tail", () => {
  it("is found by the chain check against the file's signed anchor, even with the database's anchors deleted and the log grown again", async () => {
    await appendEvents(2);
    const published = await publish();
    if (!published.published) throw new Error(`expected a publication, got ${published.reason}`);
    const anchoredSeq = published.anchor.anchor.headSeq;

    // Someone who can rewrite the database: removes the last events (the anchored one
    // included) and every anchor row, then lets the application append again so the log looks alive.
    await tamper(`DELETE FROM "AuditEvent" WHERE seq >= $1`, [BigInt(anchoredSeq) - 1n]);
    await tamper(`DELETE FROM "AuditAnchor"`);
    await appendEvents(3);
    expect((await latestAnchor({ db: t.db, publicKeys: key.publicKey })).anchor).toBeNull(); // the database alone no longer knows

    const res = await check();
    expect(res.ok).toBe(false);
    expect(res.problems).toContainEqual(expect.objectContaining({ kind: "anchor_missing", seq: anchoredSeq }));
  });

  it("is refused by the publisher: a truncated chain is reported and never signed", async () => {
    const lines = (await fileLines()).length;
    const res = await publish();
    expect(res).toMatchObject({ published: false, reason: "broken" });
    if (!res.published && res.reason === "broken") expect(res.problems.map((p) => p.kind)).toContain("anchor_missing");
    expect((await fileLines()).length).toBe(lines);
  });

  it("a forged anchor appended to the file is reported and not used as the latest anchor", async () => {
    const forger = generateKeyPairSync("ed25519");
    const head = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const forged = signAnchor(
      {
        schema: "likeness.audit-anchor/1",
        chainLength: await t.db.auditEvent.count(),
        headSeq: head.seq.toString(),
        headHash: head.hash,
        at: new Date().toISOString(),
      },
      forger.privateKey,
    );
    await appendFile(file, `${JSON.stringify(forged)}\n`);
    const latest = await latestAnchor({ db: t.db, file, publicKeys: key.publicKey });
    expect(latest.anchor?.seq.toString()).not.toBe(head.seq.toString());
    expect(latest.problems).toContainEqual(expect.objectContaining({ kind: "anchor_invalid", seq: head.seq.toString() }));
  });
});
