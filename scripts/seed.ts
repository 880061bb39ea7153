import { pathToFileURL } from "node:url";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { hashPassword } from "@/lib/auth/password";
import { createDb, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { resolveDatabase } from "./local-database";

// Demo accounts for a first start (`npm start` runs this only when the database
// has no users) and for the end-to-end tests. Talent, agent and studio demo data
// are added beside the admin below.

/** One password for every demo account; set LIKENESS_DEMO_PASSWORD to choose another. */
export const DEMO_PASSWORD = process.env.LIKENESS_DEMO_PASSWORD || "likeness-demo-2026";

export type DemoCredential = { role: Role; email: string; password: string; name: string };

export const DEMO_CREDENTIALS: readonly DemoCredential[] = [
  { role: "ADMIN", email: "admin@likeness.test", password: DEMO_PASSWORD, name: "Ada Admin" },
];

/** Creates the demo accounts that do not exist yet; returns the emails it created. */
export async function seed(db: Db): Promise<string[]> {
  const created: string[] = [];
  for (const cred of DEMO_CREDENTIALS) {
    const exists = await db.user.findUnique({ where: { email: cred.email }, select: { id: true } });
    if (exists) continue;
    const passwordHash = await hashPassword(cred.password);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: cred.email, name: cred.name, role: cred.role, passwordHash },
      });
      await appendAuditEvent(tx, {
        actor: null,
        action: "user.signed_up",
        subjectType: "User",
        subjectId: user.id,
        payload: { role: cred.role, seeded: true },
      });
    });
    created.push(cred.email);
  }
  return created;
}

export function formatDemoCredentials(): string {
  const width = Math.max(...DEMO_CREDENTIALS.map((c) => c.email.length));
  return DEMO_CREDENTIALS.map((c) => `  ${c.role.padEnd(7)} ${c.email.padEnd(width)}  ${c.password}`).join("\n");
}

// npm run db:seed
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const database = await resolveDatabase({ start: true });
  const db = createDb(database.url);
  try {
    const created = await seed(db);
    console.log(created.length ? `created ${created.join(", ")}` : "demo accounts already exist");
    console.log(`Demo logins:\n${formatDemoCredentials()}`);
  } catch (err) {
    console.error(`db:seed failed: ${(err as Error).message} (run npm run db:migrate first?)`);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}
