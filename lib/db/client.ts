import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to a `$transaction` callback. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

// One client per process (Next.js dev reloads modules, so keep it on globalThis).
const holder = globalThis as unknown as { likenessDb?: Db };

export function db(): Db {
  if (!holder.likenessDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the platform with `npm start`, which sets it");
    holder.likenessDb = createDb(url);
  }
  return holder.likenessDb;
}
