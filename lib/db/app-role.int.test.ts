import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { createDb } from "@/lib/db/client";
import { createJobBoss, installJobQueues } from "@/lib/jobs/job-queue";
import { createTestDatabase, TEST_APP_ROLE, type TestDatabase } from "@/lib/testing/test-db";
import { APP_PRIVILEGE_ROLE, AppRoleError, appUrlFor, ensureAppRole } from "./app-role";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./migrate";

// The audit log holds even against the application's own database role
// (issue 11): migrations run as the owner of the tables, the application
// connects as a role that may only INSERT and SELECT the audit tables, and
// nothing it can run changes, removes or hides an event.

let t: TestDatabase;
let app: pg.Client;
let owner: pg.Client;

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.$transaction((tx) =>
    appendAuditEvent(tx, { actor: null, action: "user.signed_up", subjectType: "User", subjectId: "u1", payload: { role: "TALENT" } }),
  );
  const { seq, hash } = await t.db.auditEvent.findFirstOrThrow({ select: { seq: true, hash: true } });
  await t.db.auditAnchor.create({ data: { seq, hash, eventCount: 1 } });
  app = await connect(t.url);
  owner = await connect(t.ownerUrl);
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await t?.drop();
});

const PERMISSION_DENIED = /permission denied|must be owner|must be superuser|not allowed to set parameter/i;

describe("the application's role (the tests' client and the app connect as it)", () => {
  it("is not the owner of the tables and not a superuser", async () => {
    const { rows } =
      await app.query(`SELECT current_user AS me, r.rolsuper, (SELECT tableowner FROM pg_tables WHERE tablename = 'AuditEvent') AS owner
      FROM pg_roles r WHERE r.rolname = current_user`);
    expect(rows[0]).toMatchObject({ me: TEST_APP_ROLE.user, rolsuper: false });
    expect(rows[0].owner).not.toBe(TEST_APP_ROLE.user);
  });

  for (const table of ["AuditEvent", "AuditAnchor"]) {
    describe(`on "${table}" it is refused`, () => {
      const refused: [string, string][] = [
        ["UPDATE", `UPDATE "${table}" SET "hash" = repeat('f', 64)`],
        ["DELETE", `DELETE FROM "${table}"`],
        ["DELETE of the tail", `DELETE FROM "${table}" WHERE seq >= (SELECT max(seq) FROM "${table}")`],
        ["TRUNCATE", `TRUNCATE "${table}"`],
        ["ALTER TABLE (add a column)", `ALTER TABLE "${table}" ADD COLUMN forged text`],
        ["ALTER TABLE DISABLE TRIGGER (the immutability trigger)", `ALTER TABLE "${table}" DISABLE TRIGGER ALL`],
        ["DROP TRIGGER", `DROP TRIGGER ${table === "AuditEvent" ? "audit_event_append_only" : "audit_anchor_append_only"} ON "${table}"`],
        [
          "CREATE TRIGGER (one that rewrites new rows)",
          `CREATE TRIGGER forge BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION likeness_refuse_change()`,
        ],
        ["DROP TABLE", `DROP TABLE "${table}"`],
        ["ALTER TABLE OWNER", `ALTER TABLE "${table}" OWNER TO ${TEST_APP_ROLE.user}`],
      ];
      for (const [what, sql] of refused) {
        it(`${what}`, async () => {
          await expect(app.query(sql)).rejects.toThrow(PERMISSION_DENIED);
        });
      }
    });
  }

  it("cannot switch triggers off for its session (session_replication_role = replica)", async () => {
    await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(PERMISSION_DENIED);
  });

  it("cannot make itself the owner's member or a superuser", async () => {
    const { rows } = await owner.query(`SELECT current_user AS me`);
    await expect(app.query(`GRANT "${rows[0].me}" TO ${TEST_APP_ROLE.user}`)).rejects.toThrow(PERMISSION_DENIED);
    await expect(app.query(`ALTER ROLE ${TEST_APP_ROLE.user} SUPERUSER`)).rejects.toThrow(PERMISSION_DENIED);
  });

  it("every refusal above left the log and its anchor as they were", async () => {
    const { rows } = await owner.query(
      `SELECT (SELECT count(*)::int FROM "AuditEvent") AS events, (SELECT count(*)::int FROM "AuditAnchor") AS anchors`,
    );
    expect(rows[0]).toEqual({ events: 1, anchors: 1 });
  });

  it("may append to and read the audit log and its anchors", async () => {
    await t.db.$transaction((tx) =>
      appendAuditEvent(tx, { actor: null, action: "user.signed_up", subjectType: "User", subjectId: "u2", payload: { role: "STUDIO" } }),
    );
    const head = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    await t.db.auditAnchor.create({ data: { seq: head.seq, hash: head.hash, eventCount: 2 } });
    expect(await t.db.auditEvent.count()).toBe(2);
    expect(await t.db.auditAnchor.count()).toBe(2);
  });

  it("has the normal privileges elsewhere: write, change and delete the platform's rows, and use the job queue", async () => {
    const user = await t.db.user.create({
      data: { email: `role-${randomBytes(3).toString("hex")}@example.test`, name: "Role Test", passwordHash: "x", role: "TALENT" },
    });
    await t.db.user.update({ where: { id: user.id }, data: { name: "Renamed" } });
    await t.db.user.delete({ where: { id: user.id } });
    const boss = createJobBoss(t.url);
    boss.on("error", () => undefined);
    await boss.start();
    try {
      const id = await boss.send("retention", { probe: true });
      expect(id).toEqual(expect.any(String));
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it("schedules fire under it: pg-boss's cron queue was made by the owner (as the application it could not make it, and no cron job would be sent)", async () => {
    const boss = createJobBoss(t.url);
    boss.on("error", () => undefined);
    await boss.start();
    try {
      expect(await boss.getQueue("__pgboss__send-it")).not.toBeNull();
      // What the scheduler does each minute for a due schedule, as the application's role.
      expect(await boss.send("__pgboss__send-it", { name: "audit-anchor", data: {} })).toEqual(expect.any(String));
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it("a table the owner adds in a later migration is usable by the application (default privileges)", async () => {
    await owner.query(`CREATE TABLE "LaterTable" (id serial PRIMARY KEY, note text)`);
    await app.query(`INSERT INTO "LaterTable" (note) VALUES ('hello')`);
    await app.query(`UPDATE "LaterTable" SET note = 'changed'`);
    expect((await app.query(`SELECT note FROM "LaterTable"`)).rows).toEqual([{ note: "changed" }]);
    await app.query(`DELETE FROM "LaterTable"`);
  });

  it("cannot read or change what the migration runner recorded", async () => {
    await expect(app.query(`SELECT * FROM "_likeness_migrations"`)).rejects.toThrow(PERMISSION_DENIED);
  });
});

describe("ensureAppRole", () => {
  it("is idempotent: a second run changes nothing and still passes its checks", async () => {
    expect(await ensureAppRole(t.ownerUrl, t.url)).toEqual({ separate: true, role: TEST_APP_ROLE.user, created: false });
  });

  it("creates a login role of another name with the URL's password, grants it the application's privileges only, and it is refused like the default", async () => {
    const name = `likeness_web_${randomBytes(3).toString("hex")}`;
    const url = appUrlFor(t.ownerUrl, name, "s3cret:@/pw");
    try {
      expect(await ensureAppRole(t.ownerUrl, url)).toEqual({ separate: true, role: name, created: true });
      const db = createDb(url);
      try {
        expect(await db.auditEvent.count()).toBe(2);
        await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(PERMISSION_DENIED);
        await expect(db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`)).rejects.toThrow(
          PERMISSION_DENIED,
        );
      } finally {
        await db.$disconnect();
      }
    } finally {
      await owner.query(`DROP OWNED BY ${name}; DROP ROLE IF EXISTS ${name}`).catch(() => undefined);
    }
  });

  it("refuses an application role that could rewrite the log (a superuser, or a member of the owner)", async () => {
    const name = `likeness_bad_${randomBytes(3).toString("hex")}`;
    const me = (await owner.query(`SELECT current_user AS me, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super`))
      .rows[0];
    try {
      await owner.query(`CREATE ROLE ${name} LOGIN PASSWORD 'x'`);
      await owner.query(me.super ? `ALTER ROLE ${name} SUPERUSER` : `GRANT "${me.me}" TO ${name}`);
      const err = await ensureAppRole(t.ownerUrl, appUrlFor(t.ownerUrl, name, "x")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppRoleError);
      expect((err as Error).message).toMatch(me.super ? /is a superuser: it could rewrite the audit log/ : /member of the owner/);
    } finally {
      await owner.query(`DROP ROLE IF EXISTS ${name}`).catch(() => undefined);
    }
  });

  it("with one URL for both (DATABASE_URL alone) it says the roles are not separate", async () => {
    expect(await ensureAppRole(t.ownerUrl, t.ownerUrl)).toMatchObject({ separate: false });
  });

  it("the privilege role itself cannot log in unless it is the application's login", async () => {
    const { rows } = await owner.query(`SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`, [APP_PRIVILEGE_ROLE]);
    // The tests use the privilege role as their login, as the embedded default does.
    expect(rows[0].rolcanlogin).toBe(TEST_APP_ROLE.user === APP_PRIVILEGE_ROLE);
  });
});

describe("upgrading a database made before 0014", () => {
  it("a database whose job queue was installed before the role existed: after the upgrade the application uses the queue and is refused on the audit log", async () => {
    const old = await createTestDatabase({ migrate: false });
    const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-pre-0014-"));
    try {
      for (const m of await readMigrations()) {
        if (m.name < "0014") await cp(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
      }
      await migrate(old.ownerUrl, dir);
      await installJobQueues(old.ownerUrl); // as the owner, before any role of the application existed
      expect((await migrate(old.ownerUrl)).applied).toEqual(["0014_audit_app_role"]);
      await installJobQueues(old.ownerUrl);
      const url = appUrlFor(old.ownerUrl, TEST_APP_ROLE.user, TEST_APP_ROLE.password);
      await ensureAppRole(old.ownerUrl, url);
      const boss = createJobBoss(url);
      boss.on("error", () => undefined);
      await boss.start();
      try {
        expect(await boss.send("render", { probe: true })).toEqual(expect.any(String));
        expect(await boss.getQueue("__pgboss__send-it")).not.toBeNull();
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      const c = await connect(url);
      try {
        await expect(c.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(PERMISSION_DENIED);
        expect((await c.query(`SELECT count(*)::int AS n FROM "User"`)).rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      await old.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
