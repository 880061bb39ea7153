-- 0012_consent_video_reference: made by `npm run db:new-migration consent_video_reference` from
-- prisma/migrations/0011_identity_conflicts/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- AlterTable
ALTER TABLE "ConsentRecord" ADD COLUMN     "consentVideoSha256" TEXT,
ADD COLUMN     "identityVerificationId" TEXT;

-- Signed consent stays immutable with one exception: the reference to the
-- consent video that verified the signer's face is written once (both columns
-- NULL -> set, every other column unchanged) when the verification passes.
CREATE FUNCTION likeness_consent_record_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."consentVideoSha256" IS NULL AND OLD."identityVerificationId" IS NULL
     AND NEW."consentVideoSha256" IS NOT NULL AND NEW."identityVerificationId" IS NOT NULL
     AND (to_jsonb(NEW) - 'consentVideoSha256' - 'identityVerificationId') = (to_jsonb(OLD) - 'consentVideoSha256' - 'identityVerificationId')
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER consent_record_immutable ON "ConsentRecord";
CREATE TRIGGER consent_record_immutable BEFORE UPDATE OR DELETE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION likeness_consent_record_guard();
