-- 0012_consent_video_reference: made by `npm run db:new-migration consent_video_reference` from
-- prisma/migrations/0011_identity_conflicts/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- AlterTable
ALTER TABLE "ConsentRecord" ADD COLUMN     "consentVideoSha256" TEXT,
ADD COLUMN     "identityVerificationId" TEXT;
