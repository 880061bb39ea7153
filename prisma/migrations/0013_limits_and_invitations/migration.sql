-- 0013_limits_and_invitations: made by `npm run db:new-migration limits_and_invitations` from
-- prisma/migrations/0012_consent_video_reference/schema.prisma to prisma/schema.prisma.
-- Applied by lib/db/migrate.ts in one transaction; never edit it once applied anywhere.

-- CreateTable
CREATE TABLE "StudioInvitation" (
    "id" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StudioInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "StudioInvitation_email_idx" ON "StudioInvitation"("email");

-- CreateIndex
CREATE UNIQUE INDEX "StudioInvitation_studioId_email_key" ON "StudioInvitation"("studioId", "email");

-- CreateIndex
CREATE INDEX "RateLimitWindow_expiresAt_idx" ON "RateLimitWindow"("expiresAt");

-- AddForeignKey
ALTER TABLE "StudioInvitation" ADD CONSTRAINT "StudioInvitation_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: rate-limit counters are written on every limited request and
-- are worth nothing after a crash (a limit that restarts is harmless), so they
-- skip the write-ahead log.
ALTER TABLE "RateLimitWindow" SET UNLOGGED;
