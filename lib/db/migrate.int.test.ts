import { appendFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { migrate, MigrationChecksumError, readMigrations } from "./migrate";

const open: TestDatabase[] = [];
const tmpDirs: string[] = [];

async function emptyDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase({ migrate: false });
  open.push(t);
  return t;
}

/** A migrations folder of our own, so a test can change files without touching the real ones. */
async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-migrations-"));
  tmpDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tables = (url: string) =>
  query<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  ).then((rows) => rows.map((r) => r.table_name));

const recorded = (url: string) =>
  query<{ name: string; checksum: string; applied_at: Date }>(
    url,
    `SELECT name, checksum, applied_at FROM "_likeness_migrations" ORDER BY name`,
  );

afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.drop()));
  await Promise.all(tmpDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("migrate", () => {
  it("applies every migration in prisma/migrations to an empty database and records each with its checksum", async () => {
    const { url } = await emptyDatabase();
    const expected = await readMigrations();
    expect(expected.map((m) => m.name)).toContain("0001_init");

    const result = await migrate(url);

    expect(result).toEqual({ applied: expected.map((m) => m.name), alreadyApplied: [] });
    expect(await tables(url)).toEqual(
      expect.arrayContaining(["User", "ConsentRecord", "AuditEvent", "SwapRequest", "AuditAnchor", "_likeness_migrations"]),
    );
    expect((await recorded(url)).map(({ name, checksum }) => ({ name, checksum }))).toEqual(
      expected.map(({ name, checksum }) => ({ name, checksum })),
    );
  });

  it("applying the migrations a second time in a row changes nothing", async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    const tablesBefore = await tables(url);
    const recordedBefore = await recorded(url);

    const second = await migrate(url);

    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(recordedBefore.map((r) => r.name));
    expect(await tables(url)).toEqual(tablesBefore);
    expect(await recorded(url)).toEqual(recordedBefore);
  });

  it("refuses a migration whose file changed after it was applied, and applies nothing after it", async () => {
    const { url } = await emptyDatabase();
    const dir = await migrationsDir({ "0001_a": `CREATE TABLE a (id int);` });
    await migrate(url, dir);
    await appendFile(path.join(dir, "0001_a", "migration.sql"), "\nCREATE TABLE sneaky (id int);");
    await mkdir(path.join(dir, "0002_b"));
    await writeFile(path.join(dir, "0002_b", "migration.sql"), `CREATE TABLE b (id int);`);

    const err = await migrate(url, dir).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(MigrationChecksumError);
    expect((err as Error).message).toMatch(/0001_a was changed after it was applied/);
    expect(await tables(url)).toEqual(["_likeness_migrations", "a"]);
  });

  it("rolls a failing migration back completely and records nothing for it; the fixed file then applies", async () => {
    const { url } = await emptyDatabase();
    const dir = await migrationsDir({
      "0001_ok": `CREATE TABLE ok (id int);`,
      "0002_broken": `CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nSELECT 1 / 0;`,
    });

    await expect(migrate(url, dir)).rejects.toThrow(/migration 0002_broken failed and was rolled back: division by zero/);

    expect(await tables(url)).toEqual(["_likeness_migrations", "ok"]);
    expect((await recorded(url)).map((r) => r.name)).toEqual(["0001_ok"]);

    await writeFile(path.join(dir, "0002_broken", "migration.sql"), `CREATE TABLE half (id int);`);
    expect(await migrate(url, dir)).toEqual({ applied: ["0002_broken"], alreadyApplied: ["0001_ok"] });
  });

  it("two concurrent migrate() calls apply each migration exactly once", async () => {
    const { url } = await emptyDatabase();
    const names = (await readMigrations()).map((m) => m.name);

    const [a, b] = await Promise.all([migrate(url), migrate(url)]);

    // One runner waits on the advisory lock, then finds everything done.
    expect([...a.applied, ...b.applied].sort()).toEqual(names);
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, names.length]);
    expect((await recorded(url)).map((r) => r.name)).toEqual(names);
  });

  it("reads migrations in name order and skips folders without a migration.sql", async () => {
    const dir = await migrationsDir({ "0002_second": "SELECT 2;", "0001_first": "SELECT 1;" });
    await mkdir(path.join(dir, "0003_empty_folder"));
    expect((await readMigrations(dir)).map((m) => m.name)).toEqual(["0001_first", "0002_second"]);
  });
});
