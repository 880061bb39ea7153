import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// Signed consent and the audit log are protected by triggers in 0001_init, so
// that no code path (nor a stray statement in psql) can rewrite them quietly.

let t: TestDatabase;
let consentId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const user = await t.db.user.create({
    data: { email: "talent@example.test", name: "Tal Ent", passwordHash: "x", role: "TALENT" },
  });
  const profile = await t.db.likenessProfile.create({
    data: { displayName: "Tal", principalUserId: user.id, createdByUserId: user.id },
  });
  const consent = await t.db.consentRecord.create({
    data: {
      profileId: profile.id,
      version: 1,
      textVersion: "2026-01",
      textSha256: "0".repeat(64),
      scopes: ["advertising"],
      legalName: "Tal Ent",
      signerUserId: user.id,
      signerRole: "TALENT",
      acceptedAt: new Date(),
      ipAddress: "127.0.0.1",
      userAgent: "test",
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  consentId = consent.id;
  await t.db.consentRevocation.create({
    data: { consentId, revokedAt: new Date(), reason: "test", revokedById: user.id },
  });
  await t.db.auditEvent.create({
    data: {
      at: new Date(),
      action: "consent.signed",
      subjectType: "ConsentRecord",
      subjectId: consentId,
      payload: {},
      prevHash: "0".repeat(64),
      hash: "1".repeat(64),
    },
  });
});

afterAll(async () => {
  await t?.drop();
});

describe("immutable tables", () => {
  it("a signed ConsentRecord takes its consent video reference once, and nothing else with it", async () => {
    const sha = "a".repeat(64);
    // Smuggling another change in beside the reference is refused.
    await expect(
      t.db
        .$executeRaw`UPDATE "ConsentRecord" SET "consentVideoSha256" = ${sha}, "identityVerificationId" = 'v1', "legalName" = 'Someone Else'`,
    ).rejects.toThrow(/ConsentRecord rows are immutable \(UPDATE refused\)/);
    await t.db.$executeRaw`UPDATE "ConsentRecord" SET "consentVideoSha256" = ${sha}, "identityVerificationId" = 'v1'`;
    expect(await t.db.consentRecord.findUniqueOrThrow({ where: { id: consentId } })).toMatchObject({
      consentVideoSha256: sha,
      identityVerificationId: "v1",
      legalName: "Tal Ent",
    });
    // Written once: it cannot be replaced or cleared.
    await expect(
      t.db.$executeRaw`UPDATE "ConsentRecord" SET "consentVideoSha256" = ${"b".repeat(64)}, "identityVerificationId" = 'v2'`,
    ).rejects.toThrow(/immutable/);
    await expect(t.db.$executeRaw`UPDATE "ConsentRecord" SET "consentVideoSha256" = NULL, "identityVerificationId" = NULL`).rejects.toThrow(
      /immutable/,
    );
  });

  it("a signed ConsentRecord refuses UPDATE", async () => {
    await expect(t.db.$executeRaw`UPDATE "ConsentRecord" SET "legalName" = 'Someone Else'`).rejects.toThrow(
      /ConsentRecord rows are immutable \(UPDATE refused\)/,
    );
    expect((await t.db.consentRecord.findUniqueOrThrow({ where: { id: consentId } })).legalName).toBe("Tal Ent");
  });

  it("a signed ConsentRecord refuses DELETE, also through the Prisma client", async () => {
    await expect(t.db.$executeRaw`DELETE FROM "ConsentRecord"`).rejects.toThrow(/ConsentRecord rows are immutable \(DELETE refused\)/);
    await expect(t.db.consentRecord.update({ where: { id: consentId }, data: { legalName: "x" } })).rejects.toThrow(/immutable/);
    expect(await t.db.consentRecord.count()).toBe(1);
  });

  it("a ConsentRevocation refuses UPDATE and DELETE", async () => {
    await expect(t.db.$executeRaw`UPDATE "ConsentRevocation" SET "reason" = 'changed'`).rejects.toThrow(/immutable \(UPDATE refused\)/);
    await expect(t.db.$executeRaw`DELETE FROM "ConsentRevocation"`).rejects.toThrow(/immutable \(DELETE refused\)/);
    expect(await t.db.consentRevocation.count()).toBe(1);
  });

  it("an AuditEvent refuses UPDATE, DELETE and TRUNCATE even from the tables' owner (the log is append-only)", async () => {
    // The application's role may not even try (lib/db/app-role.int.test.ts); the trigger holds for the owner too.
    const owner = new pg.Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE "AuditEvent" SET "action" = 'consent.revoked'`)).rejects.toThrow(
        /AuditEvent rows are immutable \(UPDATE refused\)/,
      );
      await expect(owner.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/AuditEvent rows are immutable \(DELETE refused\)/);
      await expect(owner.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/AuditEvent is append-only \(TRUNCATE refused\)/);
      await expect(owner.query(`TRUNCATE "AuditAnchor"`)).rejects.toThrow(/AuditAnchor is append-only \(TRUNCATE refused\)/);
    } finally {
      await owner.end();
    }
    expect(await t.db.auditEvent.count()).toBe(1);
  });

  it("new ConsentRecord versions and new AuditEvents can still be inserted", async () => {
    const first = await t.db.consentRecord.findUniqueOrThrow({ where: { id: consentId } });
    const { id: _id, version: _v, ...rest } = first;
    await t.db.consentRecord.create({ data: { ...rest, scopes: rest.scopes, version: 2 } });
    expect(await t.db.consentRecord.count()).toBe(2);
  });
});
