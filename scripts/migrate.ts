import { describeAppRole, prepareDatabase, resolveDatabase } from "./local-database";

// npm run db:migrate: applies prisma/migrations as the owner of the tables
// (MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded database) with
// the tested runner in lib/db/migrate.ts, then creates or checks the
// application's role (DATABASE_URL's user; lib/db/app-role.ts).

const database = await resolveDatabase({ start: true });
try {
  const { applied, alreadyApplied, appRole } = await prepareDatabase(database);
  for (const name of applied) console.log(`applied ${name}`);
  console.log(describeAppRole(appRole));
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
