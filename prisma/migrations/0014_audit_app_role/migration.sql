-- 0014_audit_app_role: made by `npm run db:new-migration audit_app_role` from
-- prisma/migrations/0013_limits_and_invitations/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- AlterTable
ALTER TABLE "AuditAnchor" ADD COLUMN     "keyId" TEXT,
ADD COLUMN     "signature" TEXT;

-- CreateIndex
CREATE INDEX "AuditAnchor_seq_idx" ON "AuditAnchor"("seq");

-- The application's own database role (issue 11). Migrations run as the owner
-- of the tables; the web app and the worker connect as a login role that is a
-- member of likeness_app (lib/db/app-role.ts creates or attaches it), which may
-- read and write the platform's tables but only INSERT and SELECT the audit
-- log and its anchors: no UPDATE, DELETE, TRUNCATE, and (not being the owner)
-- no ALTER TABLE, DISABLE TRIGGER or DROP TRIGGER. A role is shared by every
-- database of a server, so creating it is idempotent and tolerates another
-- database's migration creating it at the same moment.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'likeness_app') THEN
    BEGIN
      CREATE ROLE likeness_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'the migration role "%" may not create the role likeness_app', current_user
          USING HINT = 'Create it once as an administrator (CREATE ROLE likeness_app NOLOGIN;) and run the migrations again.';
    END;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO likeness_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO likeness_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO likeness_app;
-- What ran is the migration runner's business only.
REVOKE ALL ON "_likeness_migrations" FROM likeness_app;
-- The audit tables: append and read, nothing else, for the application and for anyone else but their owner.
REVOKE ALL ON "AuditEvent", "AuditAnchor" FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "AuditEvent", "AuditAnchor" FROM likeness_app;

-- Tables, sequences and schemas that the owner creates later (later migrations,
-- pg-boss's schema and its queue partitions) get the same privileges. A later
-- table that must be append-only revokes UPDATE and DELETE in its own migration.
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO likeness_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO likeness_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO likeness_app;

-- The job queue's schema, where an earlier start already installed it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') THEN
    GRANT USAGE ON SCHEMA pgboss TO likeness_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO likeness_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO likeness_app;
  END IF;
END $$;

-- Anchors are append-only like the events they anchor, and neither table can
-- be emptied with TRUNCATE (which row triggers do not see), even by its owner.
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON "AuditAnchor"
  FOR EACH ROW EXECUTE FUNCTION likeness_refuse_change();

CREATE FUNCTION likeness_refuse_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (TRUNCATE refused)', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION likeness_refuse_truncate();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON "AuditAnchor"
  FOR EACH STATEMENT EXECUTE FUNCTION likeness_refuse_truncate();
