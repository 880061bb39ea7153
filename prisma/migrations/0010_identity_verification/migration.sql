-- 0010_identity_verification: made by `npm run db:new-migration identity_verification` from
-- prisma/migrations/0009_estate_authority_proofs/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "IdentityVerificationStatus" AS ENUM ('awaiting_video', 'analysing', 'verified', 'rejected', 'review', 'expired');

-- CreateTable
CREATE TABLE "IdentityVerification" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "status" "IdentityVerificationStatus" NOT NULL DEFAULT 'awaiting_video',
    "phrase" TEXT NOT NULL,
    "prompts" TEXT[],
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "requestedById" TEXT NOT NULL,
    "videoBlobKey" TEXT,
    "videoSha256" TEXT,
    "videoMimeType" TEXT,
    "videoByteSize" INTEGER,
    "report" JSONB,
    "reasons" JSONB,
    "sealedDescriptor" BYTEA,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMPTZ(3),
    "analyzedAt" TIMESTAMPTZ(3),
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewReason" TEXT,

    CONSTRAINT "IdentityVerification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IdentityVerification_videoBlobKey_key" ON "IdentityVerification"("videoBlobKey");

-- CreateIndex
CREATE INDEX "IdentityVerification_profileId_createdAt_idx" ON "IdentityVerification"("profileId", "createdAt");

-- CreateIndex
CREATE INDEX "IdentityVerification_status_createdAt_idx" ON "IdentityVerification"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "IdentityVerification" ADD CONSTRAINT "IdentityVerification_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
