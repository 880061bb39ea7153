import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runChainCheck } from "@/lib/admin/audit-log";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { decideRequest } from "@/lib/requests/decide-request";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
import { createApiKey, revokeApiKey } from "@/lib/studios/api-keys";
import {
  caught,
  makeLicensable,
  createAdmin,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  signTestConsent,
  submitTestRequest,
  TEST_META,
  uploadRequestFiles,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// Every state change writes one hash-chained audit event in its own transaction,
// and the admin chain check finds any edit, deletion, reordering or truncation.

let t: TestDatabase;
let storage: TestStorage;
let admin: Actor;
let talent: Actor;
let studio: Actor;
let profile: { id: string; displayName: string; deceased: boolean };
let uploads: { targetUploadId: string; releaseUploadId: string };
let raw: pg.Client;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  [admin, talent, studio] = await Promise.all([createAdmin(t.db), createUser(t.db, "TALENT"), createStudio(t.db)]);
  ({ profile } = await createProfileWithConsent(t.db, talent));
  await makeLicensable(t.db, profile.id); // the photos' own events are not the offer's
  uploads = await uploadRequestFiles(t.db, studio);
  raw = new pg.Client({ connectionString: t.ownerUrl }); // tampering as the owner (or a superuser) would
  await raw.connect();
});

afterAll(async () => {
  await raw?.end();
  await t?.drop();
  await storage?.cleanup();
});

async function newEvents<T>(fn: () => Promise<T>) {
  const [{ max }] = await t.db.$queryRaw<[{ max: bigint | null }]>`SELECT max(seq) AS max FROM "AuditEvent"`;
  const result = await fn();
  const events = await t.db.auditEvent.findMany({ where: { seq: { gt: max ?? 0n } }, orderBy: { seq: "asc" } });
  return { result, events };
}

describe("one event per state change, in the same transaction", () => {
  const cases: [string, () => Promise<unknown>, string[]][] = [
    ["signing consent", () => signTestConsent(t.db, talent, profile), ["consent.signed"]],
    ["publishing an offer", () => publishTestOffer(t.db, talent, profile.id), ["offer.published"]],
    ["creating an API key", () => createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "Key" } }), ["api_key.created"]],
  ];
  for (const [what, fn, actions] of cases) {
    it(`${what} writes exactly ${actions.join(", ")}`, async () => {
      const { events } = await newEvents(fn);
      expect(events.map((e) => e.action)).toEqual(actions);
      expect(events[0]).toMatchObject({ actorIp: TEST_META.ip, actorUserAgent: TEST_META.userAgent });
    });
  }

  it("a request: created, submitted, routed; decided; each with its actor", async () => {
    const offer = await publishTestOffer(t.db, talent, profile.id);
    const { result, events } = await newEvents(() => submitTestRequest(t.db, studio, offer.id, { uploads }));
    expect(events.map((e) => [e.action, e.actorRole])).toEqual([
      ["request.created", "STUDIO"],
      ["request.submitted", "STUDIO"],
      ["request.pending_approval", null],
    ]);
    const decided = await newEvents(() =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: result.request.id, decision: "approve" } }),
    );
    expect(decided.events.map((e) => [e.action, e.actorEmail])).toEqual([["request.approved", talent.email]]);
  });

  it("revoking an API key, withdrawing a request: one event each", async () => {
    const key = await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "Temp" } });
    expect(
      (await newEvents(() => revokeApiKey({ db: t.db, actor: studio, meta: TEST_META, keyId: key.id }))).events.map((e) => e.action),
    ).toEqual(["api_key.revoked"]);
    const offer = await publishTestOffer(t.db, talent, profile.id);
    const { request } = await submitTestRequest(t.db, studio, offer.id, { uploads });
    const w = await newEvents(() => withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id }));
    expect(w.events.map((e) => [e.action, e.subjectId])).toEqual([["request.withdrawn", request.id]]);
  });

  it("a refused action writes no event", async () => {
    const { events } = await newEvents(() =>
      caught(() => revokeOffer({ db: t.db, actor: studio, meta: TEST_META, input: { offerId: "x", reason: "nope" } })),
    );
    expect(events).toEqual([]);
  });

  describe("a failure inside the transaction leaves neither the change nor its event", () => {
    // A trigger that fails one kind of write stands in for a crash half-way.
    const failOn = async (table: string, when = "true") => {
      await raw.query(`CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger AS $$ BEGIN
        IF ${when} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await raw.query(`CREATE TRIGGER test_fail BEFORE INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION test_fail()`);
    };
    afterEach(async () => {
      for (const table of ["AuditEvent", "LicenseOffer"]) await raw.query(`DROP TRIGGER IF EXISTS test_fail ON "${table}"`);
    });

    it("publishing an offer whose audit event fails stores no offer", async () => {
      await failOn("AuditEvent", `NEW.action = 'offer.published'`);
      const offers = await t.db.licenseOffer.count();
      const events = await t.db.auditEvent.count();
      await expect(publishTestOffer(t.db, talent, profile.id)).rejects.toThrow(/injected failure/);
      expect(await t.db.licenseOffer.count()).toBe(offers);
      expect(await t.db.auditEvent.count()).toBe(events);
    });

    it("revoking consent that fails while revoking its offers keeps the consent, its offers and the log as they were", async () => {
      await publishTestOffer(t.db, talent, profile.id);
      await failOn("LicenseOffer", `NEW.status = 'REVOKED'`);
      const events = await t.db.auditEvent.count();
      await expect(
        revokeConsent({ db: t.db, actor: talent, meta: TEST_META, input: { profileId: profile.id, reason: "Failing revocation" } }),
      ).rejects.toThrow(/injected failure/);
      expect(await t.db.consentRevocation.count()).toBe(0);
      expect(await t.db.licenseOffer.count({ where: { profileId: profile.id, status: "REVOKED" } })).toBe(0);
      expect(await t.db.auditEvent.count()).toBe(events);
    });
  });
});

describe("chain check", () => {
  // Tampering as a database superuser would: with triggers off for the session
  // (session_replication_role), or, for a non-superuser owner, by disabling the
  // append-only trigger. Each test restores the log afterwards.
  let superuser = false;
  beforeAll(async () => {
    superuser = (await raw.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0].rolsuper;
    await raw.query(`CREATE TABLE audit_backup AS SELECT * FROM "AuditEvent" WHERE false`);
  });

  async function tamper(sql: string, params: unknown[] = []) {
    if (superuser) {
      await raw.query(`SET session_replication_role = replica`);
      try {
        await raw.query(sql, params);
      } finally {
        await raw.query(`SET session_replication_role = DEFAULT`);
      }
    } else {
      await raw.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`);
      try {
        await raw.query(sql, params);
      } finally {
        await raw.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only`);
      }
    }
  }

  const seqs = async () => (await t.db.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map((e) => e.seq);
  const check = () => runChainCheck({ db: t.db, actor: admin, meta: TEST_META });

  beforeAll(async () => {
    expect((await check()).ok).toBe(true);
  });

  it("keeps an event whose payload holds fractions that need 17 digits (a float32 loss, 0.1 + 0.2) matching its hash after the database stored it", async () => {
    await t.db.$transaction((tx) =>
      appendAuditEvent(tx, {
        actor: null,
        action: "talent_model.trained",
        subjectType: "TalentModel",
        subjectId: "float-payload",
        payload: { finalLoss: Math.fround(1.4816697835922241), sum: 0.1 + 0.2, tiny: 5e-324 * 1e10, steps: 6 },
      }),
    );
    expect((await check()).ok).toBe(true);
  });

  it("passes on a clean log and records an anchor at its head", async () => {
    const before = await t.db.auditEvent.count();
    const res = await check();
    expect(res).toMatchObject({ ok: true, eventCount: before, problems: [] });
    const anchor = await t.db.auditAnchor.findFirstOrThrow({ orderBy: { checkedAt: "desc" } });
    expect(anchor.hash).toBe(res.head!.hash);
    expect((await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action).toBe("audit.chain_checked");
  });

  describe("tampering", () => {
    beforeAll(async () => {
      await raw.query(`DELETE FROM audit_backup`);
      await raw.query(`INSERT INTO audit_backup SELECT * FROM "AuditEvent"`);
    });
    afterEach(async () => {
      await tamper(`DELETE FROM "AuditEvent"`);
      await tamper(`INSERT INTO "AuditEvent" SELECT * FROM audit_backup`);
    });

    it("an edited payload is found (edited)", async () => {
      const all = await seqs();
      const target = all[Math.floor(all.length / 2)]!;
      await tamper(`UPDATE "AuditEvent" SET payload = jsonb_set(payload::jsonb, '{forged}', 'true') WHERE seq = $1`, [target]);
      const res = await check();
      expect(res.ok).toBe(false);
      expect(res.problems).toContainEqual(expect.objectContaining({ kind: "edited", seq: target.toString() }));
    });

    it("a deleted middle event is found (broken link at the next one)", async () => {
      const all = await seqs();
      const i = Math.floor(all.length / 2);
      await tamper(`DELETE FROM "AuditEvent" WHERE seq = $1`, [all[i]]);
      const res = await check();
      expect(res.ok).toBe(false);
      expect(res.problems).toContainEqual(expect.objectContaining({ kind: "broken_link", seq: all[i + 1]!.toString() }));
    });

    it("two events swapped (their seqs exchanged) are found", async () => {
      const all = await seqs();
      const [a, b] = [all[3]!, all[4]!];
      await tamper(`UPDATE "AuditEvent" SET seq = -1 WHERE seq = $1`, [a]);
      await tamper(`UPDATE "AuditEvent" SET seq = $1 WHERE seq = $2`, [a, b]);
      await tamper(`UPDATE "AuditEvent" SET seq = $1 WHERE seq = -1`, [b]);
      const res = await check();
      expect(res.ok).toBe(false);
      const kinds = new Set(res.problems.map((p) => p.kind));
      expect(kinds.has("edited") || kinds.has("broken_link")).toBe(true);
      expect(res.problems.map((p) => p.seq)).toEqual(expect.arrayContaining([a.toString(), b.toString()]));
    });

    it("the tail truncated after a check, anchored event included, is found (anchor missing)", async () => {
      const anchor = await t.db.auditAnchor.findFirstOrThrow({ orderBy: { checkedAt: "desc" } });
      await tamper(`DELETE FROM "AuditEvent" WHERE seq >= $1`, [anchor.seq - 2n]);
      const res = await check();
      expect(res.ok).toBe(false);
      expect(res.problems).toContainEqual(expect.objectContaining({ kind: "anchor_missing", seq: anchor.seq.toString() }));
    });
  });
});
