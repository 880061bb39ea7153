import { PrismaPg } from "@prisma/adapter-pg";
import { databaseConfig } from "@/lib/config";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to a `$transaction` callback. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Interactive transactions may take up to 20 s (Prisma's default is 5 s) and
 * wait up to 10 s for a connection. Transactions here are short, but a worker
 * process also runs synchronous tfjs kernels that hold its event loop for
 * seconds on a loaded 2-core machine: a transaction it had opened (holding the
 * audit chain's lock) then outlived 5 s and failed, and so did the ones
 * waiting for the lock in other processes (seen in e2e: a base model and a
 * studio upload failed with "expired transaction" at 8 s).
 */
const TRANSACTIONS = { maxWait: 10_000, timeout: 20_000 };

export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }), transactionOptions: TRANSACTIONS });
}

// One client per process (Next.js dev reloads modules, so keep it on globalThis).
const holder = globalThis as unknown as { likenessDb?: Db };

export function db(): Db {
  if (!holder.likenessDb) {
    const url = databaseConfig().url;
    if (!url) throw new Error("DATABASE_URL is not set: start the platform with `npm start`, which sets it");
    holder.likenessDb = createDb(url);
  }
  return holder.likenessDb;
}
