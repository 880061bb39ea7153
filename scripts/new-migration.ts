import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { resolveDatabase } from "./local-database";

// npm run db:new-migration NAME
// Writes prisma/migrations/NNNN_name/migration.sql: the SQL that takes the schema
// of the previous migration (its schema.prisma snapshot) to prisma/schema.prisma,
// made by `prisma migrate diff`, plus a snapshot of the schema it was made from,
// which the next migration diffs against. Hand-written SQL (triggers, data moves)
// goes at the end of migration.sql before it is first applied.

const ROOT = path.resolve(import.meta.dirname, "..");
const SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const PRISMA = path.join(ROOT, "node_modules", ".bin", "prisma");
const EMPTY_DIFF = "-- This is an empty migration.";

function fail(message: string): never {
  console.error(`db:new-migration: ${message}`);
  process.exit(1);
}

const rawName = process.argv[2];
if (!rawName) fail("give the migration a name, e.g. `npm run db:new-migration add_audit_anchor`");
const name = rawName
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_+|_+$/g, "");
if (!name) fail(`"${rawName}" has no letters or digits to name a migration with`);

const existing = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
  .filter((e) => e.isDirectory() && /^\d{4}_/.test(e.name))
  .map((e) => e.name)
  .sort();
const previous = existing.at(-1);
const nextNumber = previous ? Number(previous.slice(0, 4)) + 1 : 1;
const dirName = `${String(nextNumber).padStart(4, "0")}_${name}`;
const from = previous ? ["--from-schema-datamodel", path.join(MIGRATIONS_DIR, previous, "schema.prisma")] : ["--from-empty"];
if (previous && !existsSync(from[1]!)) {
  fail(`${previous} has no schema.prisma snapshot to diff against; copy the schema that migration was made from there`);
}

// The diff never touches the database, but the CLI's driver adapter connects to
// DATABASE_URL before it runs: use the embedded database when it is unset.
const database = await resolveDatabase({ start: true });
let sql: string;
try {
  const { stdout } = await promisify(execFile)(PRISMA, ["migrate", "diff", ...from, "--to-schema-datamodel", SCHEMA, "--script"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.ownerUrl },
    maxBuffer: 64 * 1024 * 1024,
  });
  // The CLI prints "Loaded Prisma config from ..." on stdout before the script.
  sql = stdout.replace(/^Loaded Prisma config from .*\n/m, "").trim();
} catch (err) {
  const e = err as { stderr?: string; message: string };
  fail(`prisma migrate diff failed:\n${e.stderr || e.message}`);
} finally {
  await database.stop();
}

if (sql === "" || sql === EMPTY_DIFF) {
  fail(`prisma/schema.prisma has no database changes since ${previous ?? "the empty database"}; nothing to migrate`);
}

const header = [
  `-- ${dirName}: made by \`npm run db:new-migration ${name}\` from`,
  `-- ${previous ? `prisma/migrations/${previous}/schema.prisma` : "an empty database"} to prisma/schema.prisma.`,
  "-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.",
  "",
].join("\n");

// Written to a temporary folder and renamed into place, so an interrupted run
// never leaves a half-made migration for the runner to apply.
const target = path.join(MIGRATIONS_DIR, dirName);
const tmp = path.join(MIGRATIONS_DIR, `.${dirName}.tmp-${process.pid}`);
await mkdir(tmp, { recursive: true });
try {
  await writeFile(path.join(tmp, "migration.sql"), `${header}\n${sql}\n`);
  await copyFile(SCHEMA, path.join(tmp, "schema.prisma"));
  await rename(tmp, target);
} catch (err) {
  await rm(tmp, { recursive: true, force: true });
  fail(`could not write ${target}: ${(err as Error).message}`);
}
console.log(`wrote prisma/migrations/${dirName}/migration.sql (review it, then npm run db:migrate)`);
