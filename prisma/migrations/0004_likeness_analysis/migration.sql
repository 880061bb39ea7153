-- 0004_likeness_analysis: made by `npm run db:new-migration likeness_analysis` from
-- prisma/migrations/0003_add_render_outputs/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "AnalysisStatus" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "LikenessAsset" ADD COLUMN     "analysis" JSONB,
ADD COLUMN     "analysisError" TEXT,
ADD COLUMN     "analysisStatus" "AnalysisStatus" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "analyzedAt" TIMESTAMPTZ(3),
ADD COLUMN     "sealedDescriptor" BYTEA;

-- CreateIndex
CREATE INDEX "LikenessAsset_analysisStatus_createdAt_idx" ON "LikenessAsset"("analysisStatus", "createdAt");
