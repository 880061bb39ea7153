import { migrate } from "@/lib/db/migrate";
import { installJobQueues } from "@/lib/jobs/job-queue";
import { resolveDatabase } from "./local-database";

// npm run db:migrate: applies prisma/migrations to DATABASE_URL (or to the
// embedded database when it is unset) with the tested runner in lib/db/migrate.ts.

const database = await resolveDatabase({ start: true });
try {
  const { applied, alreadyApplied } = await migrate(database.url);
  await installJobQueues(database.url);
  for (const name of applied) console.log(`applied ${name}`);
  console.log(
    applied.length === 0
      ? `database is up to date (${alreadyApplied.length} migrations already applied)`
      : `${applied.length} applied, ${alreadyApplied.length} already applied`,
  );
} catch (err) {
  console.error(`db:migrate failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
