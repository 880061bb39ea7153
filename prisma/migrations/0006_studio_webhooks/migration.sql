-- 0006_studio_webhooks: made by `npm run db:new-migration studio_webhooks` from
-- prisma/migrations/0005_orders/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "StudioWebhook" (
    "id" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "sealedSecret" BYTEA NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "StudioWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudioWebhookDelivery" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "StudioWebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StudioWebhook_studioId_key" ON "StudioWebhook"("studioId");

-- CreateIndex
CREATE INDEX "StudioWebhookDelivery_webhookId_createdAt_idx" ON "StudioWebhookDelivery"("webhookId", "createdAt");

-- CreateIndex
CREATE INDEX "StudioWebhookDelivery_orderId_idx" ON "StudioWebhookDelivery"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "StudioWebhookDelivery_webhookId_orderId_event_key" ON "StudioWebhookDelivery"("webhookId", "orderId", "event");

-- AddForeignKey
ALTER TABLE "StudioWebhook" ADD CONSTRAINT "StudioWebhook_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioWebhookDelivery" ADD CONSTRAINT "StudioWebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "StudioWebhook"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioWebhookDelivery" ADD CONSTRAINT "StudioWebhookDelivery_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
