-- 0009_estate_authority_proofs: made by `npm run db:new-migration estate_authority_proofs` from
-- prisma/migrations/0008_footage_performers/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "AuthorityProofStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "EstateAuthorityProof" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "status" "AuthorityProofStatus" NOT NULL DEFAULT 'pending',
    "blobKey" TEXT NOT NULL,
    "wrappedDataKey" BYTEA NOT NULL,
    "mimeType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewReason" TEXT,

    CONSTRAINT "EstateAuthorityProof_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EstateAuthorityProof_blobKey_key" ON "EstateAuthorityProof"("blobKey");

-- CreateIndex
CREATE INDEX "EstateAuthorityProof_profileId_createdAt_idx" ON "EstateAuthorityProof"("profileId", "createdAt");

-- CreateIndex
CREATE INDEX "EstateAuthorityProof_status_createdAt_idx" ON "EstateAuthorityProof"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "EstateAuthorityProof" ADD CONSTRAINT "EstateAuthorityProof_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
