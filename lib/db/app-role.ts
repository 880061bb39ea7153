import pg from "pg";

// The application connects as its own role, not as the owner of the tables
// (issue 11): migration 0014 makes the privilege role `likeness_app` (read and
// write the platform's tables; only INSERT and SELECT the audit log and its
// anchors), and this step, run after the migrations by the owner, makes sure
// the login role of the application's URL holds it and nothing more. With the
// embedded database both URLs are known (scripts/local-database.ts); with a
// real one they are DATABASE_URL (the application) and MIGRATION_DATABASE_URL
// (the owner).

/** The privilege role made by migration 0014. */
export const APP_PRIVILEGE_ROLE = "likeness_app";

/** The audit tables the application may only append to and read. */
export const AUDIT_TABLES = ["AuditEvent", "AuditAnchor"] as const;

export class AppRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AppRoleError";
  }
}

export type AppRoleResult =
  /** The application uses its own role. */
  | { separate: true; role: string; created: boolean }
  /** The application's URL names the owner itself: the audit log is protected by its triggers only. */
  | { separate: false; role: string };

function credentialsOf(url: string): { user: string; password: string | null } {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  if (!user)
    throw new AppRoleError(
      "the application's database URL names no user; give it the application's role (postgresql://ROLE:PASSWORD@host/db)",
    );
  return { user, password: u.password ? decodeURIComponent(u.password) : null };
}

/**
 * Run as the owner (the migrations' role) after the migrations. Creates the
 * application's login role when it does not exist (with the password in its
 * URL), grants it the privilege role, and then checks what it can do: it must
 * not be a superuser, not a member of the owner's role, and unable to UPDATE,
 * DELETE or TRUNCATE the audit tables. Idempotent; safe on every start.
 */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<AppRoleResult> {
  const app = credentialsOf(appUrl);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows: me } = await client.query<{ owner: string }>("SELECT current_user AS owner");
    const owner = me[0]!.owner;
    if (app.user === owner) return { separate: false, role: owner };
    const role = client.escapeIdentifier(app.user);
    const existing = await client.query<{ rolcanlogin: boolean }>("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", [app.user]);
    let created = false;
    try {
      if (existing.rowCount === 0) {
        const password = app.password === null ? "" : ` PASSWORD ${client.escapeLiteral(app.password)}`;
        await client
          .query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT${password}`)
          .then(() => (created = true))
          .catch((e: { code?: string }) => {
            // Another process (a test database on the same server) created it just now.
            if (e.code !== "42710" && e.code !== "23505") throw e;
          });
      } else if (!existing.rows[0]!.rolcanlogin && app.user === APP_PRIVILEGE_ROLE) {
        // The privilege role itself as the login (the embedded default): migration 0014 made it NOLOGIN.
        const password = app.password === null ? "" : ` PASSWORD ${client.escapeLiteral(app.password)}`;
        await client.query(`ALTER ROLE ${role} LOGIN${password}`);
      }
      if (app.user !== APP_PRIVILEGE_ROLE) await client.query(`GRANT ${client.escapeIdentifier(APP_PRIVILEGE_ROLE)} TO ${role}`);
    } catch (e) {
      const err = e as { code?: string; message: string };
      if (err.code === "42501") {
        throw new AppRoleError(
          `the migration role "${owner}" may not create or grant the application's role "${app.user}" (${err.message}). ` +
            `As an administrator, run once: CREATE ROLE "${app.user}" LOGIN PASSWORD '...'; GRANT ${APP_PRIVILEGE_ROLE} TO "${app.user}";`,
        );
      }
      throw e;
    }
    await checkAppRole(client, app.user, owner);
    return { separate: true, role: app.user, created };
  } finally {
    await client.end();
  }
}

/** Refuses an application role that could rewrite the audit log. */
async function checkAppRole(client: pg.Client, role: string, owner: string): Promise<void> {
  const { rows } = await client.query<{ super: boolean; member_of_owner: boolean; holds_privileges: boolean }>(
    `SELECT r.rolsuper AS super, pg_has_role(r.oid, $2::name, 'MEMBER') AS member_of_owner,
            pg_has_role(r.oid, $3::name, 'USAGE') AS holds_privileges
       FROM pg_roles r WHERE r.rolname = $1`,
    [role, owner, APP_PRIVILEGE_ROLE],
  );
  const r = rows[0];
  if (!r) throw new AppRoleError(`the application's role "${role}" does not exist`);
  if (r.super)
    throw new AppRoleError(
      `the application's role "${role}" is a superuser: it could rewrite the audit log; give the application a role of its own`,
    );
  if (r.member_of_owner)
    throw new AppRoleError(
      `the application's role "${role}" is a member of the owner "${owner}": it could alter the audit tables; revoke that membership`,
    );
  if (!r.holds_privileges)
    throw new AppRoleError(
      `the application's role "${role}" does not inherit ${APP_PRIVILEGE_ROLE}: GRANT ${APP_PRIVILEGE_ROLE} TO "${role}" (with INHERIT)`,
    );
  for (const table of AUDIT_TABLES) {
    const { rows: p } = await client.query<{ bad: boolean }>(
      `SELECT has_table_privilege($1::name, $2::text, 'UPDATE') OR has_table_privilege($1::name, $2::text, 'DELETE')
           OR has_table_privilege($1::name, $2::text, 'TRUNCATE') AS bad`,
      [role, `"${table}"`],
    );
    if (p[0]!.bad) {
      throw new AppRoleError(
        `the application's role "${role}" may UPDATE, DELETE or TRUNCATE "${table}": REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM "${role}"`,
      );
    }
  }
}

/** The application's URL: the same server and database as `ownerUrl`, as `user` with `password`. */
export function appUrlFor(ownerUrl: string, user: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}
