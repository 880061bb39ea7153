import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaConfig } from "prisma";

// The CLI runs through the bundled wasm schema engine with the pg driver adapter,
// so `prisma generate` and `prisma migrate diff` work without downloading engines.
// The schema's datasource reads DATABASE_URL; generate and diff never connect, so a
// placeholder keeps them working on a fresh clone where it is unset.
process.env.DATABASE_URL ??= "postgresql://localhost:5432/likeness";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
} satisfies PrismaConfig;
