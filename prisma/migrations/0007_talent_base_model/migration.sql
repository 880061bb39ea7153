-- 0007_talent_base_model: made by `npm run db:new-migration talent_base_model` from
-- prisma/migrations/0006_studio_webhooks/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "TalentModelStatus" AS ENUM ('queued', 'training', 'trained', 'failed', 'destroyed');

-- CreateTable
CREATE TABLE "TalentModel" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "steps" INTEGER NOT NULL,
    "photoSetHash" TEXT NOT NULL,
    "status" "TalentModelStatus" NOT NULL,
    "trainedAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TalentModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TalentModel_profileId_key" ON "TalentModel"("profileId");

-- AddForeignKey
ALTER TABLE "TalentModel" ADD CONSTRAINT "TalentModel_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
