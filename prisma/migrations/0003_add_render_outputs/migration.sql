-- 0003_add_render_outputs: made by `npm run db:new-migration add_render_outputs` from
-- prisma/migrations/0002_add_audit_anchor/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateTable
CREATE TABLE "RenderOutput" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "consentId" TEXT NOT NULL,
    "payloadHex" TEXT NOT NULL,
    "verifyCode" TEXT NOT NULL,
    "outputSha256" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "manifestSignature" TEXT NOT NULL,
    "platformKeyId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" TEXT,

    CONSTRAINT "RenderOutput_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RenderOutput_payloadHex_key" ON "RenderOutput"("payloadHex");

-- CreateIndex
CREATE UNIQUE INDEX "RenderOutput_verifyCode_key" ON "RenderOutput"("verifyCode");

-- CreateIndex
CREATE INDEX "RenderOutput_outputSha256_idx" ON "RenderOutput"("outputSha256");

-- CreateIndex
CREATE INDEX "RenderOutput_requestId_idx" ON "RenderOutput"("requestId");

-- CreateIndex
CREATE INDEX "RenderOutput_offerId_idx" ON "RenderOutput"("offerId");

-- CreateIndex
CREATE INDEX "RenderOutput_profileId_idx" ON "RenderOutput"("profileId");

-- AddForeignKey
ALTER TABLE "RenderOutput" ADD CONSTRAINT "RenderOutput_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SwapRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenderOutput" ADD CONSTRAINT "RenderOutput_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "LicenseOffer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenderOutput" ADD CONSTRAINT "RenderOutput_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenderOutput" ADD CONSTRAINT "RenderOutput_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
