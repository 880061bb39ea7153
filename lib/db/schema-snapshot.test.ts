import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, readMigrations } from "./migrate";

// Each migration folder keeps the schema.prisma it was made from; the next
// migration is the diff from that snapshot. If prisma/schema.prisma moves on
// without a migration, the database and the generated client disagree.

/** The schema without comments and layout, so a comment-only edit needs no migration. */
function normalized(schema: string): string {
  return schema
    .split("\n")
    .map((line) =>
      line
        .replace(/\/\/.*$/, "")
        .trim()
        .replace(/\s+/g, " "),
    )
    .filter(Boolean)
    .join("\n");
}

describe("prisma migrations", () => {
  it("prisma/schema.prisma matches the snapshot of the newest migration (else run `npm run db:new-migration NAME`)", async () => {
    const newest = (await readMigrations()).at(-1);
    expect(newest, "prisma/migrations has no migrations").toBeDefined();
    const snapshot = readFileSync(path.join(MIGRATIONS_DIR, newest!.name, "schema.prisma"), "utf8");
    const current = readFileSync(path.resolve(MIGRATIONS_DIR, "..", "schema.prisma"), "utf8");
    expect(normalized(current)).toBe(normalized(snapshot));
  });

  it("migration folders are numbered 0001, 0002, ... without gaps or duplicates", async () => {
    const numbers = (await readMigrations()).map((m) => Number(m.name.slice(0, 4)));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});
