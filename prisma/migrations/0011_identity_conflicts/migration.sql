-- 0011_identity_conflicts: made by `npm run db:new-migration identity_conflicts` from
-- prisma/migrations/0010_identity_verification/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "IdentityConflictStatus" AS ENUM ('open', 'dismissed', 'upheld');

-- CreateTable
CREATE TABLE "ProfileFace" (
    "profileId" TEXT NOT NULL,
    "sealedDescriptor" BYTEA NOT NULL,
    "photos" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProfileFace_pkey" PRIMARY KEY ("profileId")
);

-- CreateTable
CREATE TABLE "IdentityConflict" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "otherProfileId" TEXT NOT NULL,
    "distance" DOUBLE PRECISION NOT NULL,
    "status" "IdentityConflictStatus" NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,

    CONSTRAINT "IdentityConflict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProfileFace_updatedAt_idx" ON "ProfileFace"("updatedAt");

-- CreateIndex
CREATE INDEX "IdentityConflict_status_createdAt_idx" ON "IdentityConflict"("status", "createdAt");

-- CreateIndex
CREATE INDEX "IdentityConflict_otherProfileId_idx" ON "IdentityConflict"("otherProfileId");

-- CreateIndex
CREATE UNIQUE INDEX "IdentityConflict_profileId_otherProfileId_key" ON "IdentityConflict"("profileId", "otherProfileId");

-- AddForeignKey
ALTER TABLE "ProfileFace" ADD CONSTRAINT "ProfileFace_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentityConflict" ADD CONSTRAINT "IdentityConflict_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentityConflict" ADD CONSTRAINT "IdentityConflict_otherProfileId_fkey" FOREIGN KEY ("otherProfileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
