-- 0008_footage_performers: made by `npm run db:new-migration footage_performers` from
-- prisma/migrations/0007_talent_base_model/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "PerformerScanStatus" AS ENUM ('pending', 'ready', 'failed');

-- AlterTable
ALTER TABLE "StudioUpload" ADD COLUMN     "performerScan" "PerformerScanStatus",
ADD COLUMN     "performerScanError" TEXT,
ADD COLUMN     "performers" JSONB,
ADD COLUMN     "performersBlobKey" TEXT;

-- AlterTable
ALTER TABLE "SwapRequest" ADD COLUMN     "performerDescriptor" BYTEA,
ADD COLUMN     "performerId" TEXT;
