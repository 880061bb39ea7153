-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('TALENT', 'AGENT', 'ESTATE', 'STUDIO', 'ADMIN');

-- CreateEnum
CREATE TYPE "RepresentationStatus" AS ENUM ('PENDING', 'ACTIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "StudioMemberRole" AS ENUM ('OWNER', 'MEMBER');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('ACTIVE', 'REVOKED');

-- CreateEnum
CREATE TYPE "ApprovalMode" AS ENUM ('MANUAL', 'AUTO');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('draft', 'submitted', 'rejected_by_policy', 'pending_approval', 'approved', 'rejected', 'withdrawn', 'revoked');

-- CreateEnum
CREATE TYPE "UploadKind" AS ENUM ('TARGET_FOOTAGE', 'RELEASE');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Representation" (
    "id" TEXT NOT NULL,
    "agentUserId" TEXT NOT NULL,
    "principalUserId" TEXT NOT NULL,
    "commissionPercent" DECIMAL(5,2) NOT NULL,
    "status" "RepresentationStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Representation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LikenessProfile" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "bio" TEXT NOT NULL DEFAULT '',
    "principalUserId" TEXT NOT NULL,
    "createdByUserId" TEXT NOT NULL,
    "deceased" BOOLEAN NOT NULL DEFAULT false,
    "diedOn" DATE,
    "wrappedDataKey" BYTEA,
    "biometricsDestroyedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LikenessProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "textVersion" TEXT NOT NULL,
    "textSha256" TEXT NOT NULL,
    "scopes" TEXT[],
    "legalName" TEXT NOT NULL,
    "signerUserId" TEXT NOT NULL,
    "signerRole" "Role" NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3) NOT NULL,
    "ipAddress" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRevocation" (
    "id" TEXT NOT NULL,
    "consentId" TEXT NOT NULL,
    "revokedAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "revokedById" TEXT NOT NULL,
    "destroyBiometrics" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ConsentRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LikenessAsset" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "blobKey" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destroyedAt" TIMESTAMPTZ(3),

    CONSTRAINT "LikenessAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LicenseOffer" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "allowedCategories" TEXT[],
    "extraExclusions" TEXT[],
    "territories" TEXT[],
    "channels" TEXT[],
    "termStart" TIMESTAMPTZ(3) NOT NULL,
    "termEnd" TIMESTAMPTZ(3) NOT NULL,
    "maxRenders" INTEGER NOT NULL,
    "maxOutputSeconds" INTEGER NOT NULL,
    "flatFeeMinor" INTEGER NOT NULL,
    "perSecondMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "approvalMode" "ApprovalMode" NOT NULL,
    "disclosureText" TEXT NOT NULL,
    "status" "OfferStatus" NOT NULL DEFAULT 'ACTIVE',
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LicenseOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudioAccount" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "wrappedDataKey" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudioAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudioMember" (
    "id" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "StudioMemberRole" NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudioMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudioUpload" (
    "id" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "kind" "UploadKind" NOT NULL,
    "blobKey" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "sha256" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destroyedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StudioUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SwapRequest" (
    "id" TEXT NOT NULL,
    "studioId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'draft',
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "contentDeclarations" TEXT[],
    "topics" TEXT[],
    "territories" TEXT[],
    "channels" TEXT[],
    "campaignStart" TIMESTAMPTZ(3) NOT NULL,
    "campaignEnd" TIMESTAMPTZ(3) NOT NULL,
    "outputSeconds" INTEGER NOT NULL,
    "intendedUse" TEXT NOT NULL,
    "targetUploadId" TEXT,
    "releaseUploadId" TEXT,
    "policyOutcome" TEXT,
    "policyReasons" JSONB,
    "priceMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "decisionNote" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "submittedAt" TIMESTAMPTZ(3),
    "closedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SwapRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorUserId" TEXT,
    "actorEmail" TEXT,
    "actorRole" TEXT,
    "actorIp" TEXT,
    "actorUserAgent" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Representation_agentUserId_idx" ON "Representation"("agentUserId");

-- CreateIndex
CREATE INDEX "Representation_principalUserId_idx" ON "Representation"("principalUserId");

-- CreateIndex
CREATE INDEX "LikenessProfile_principalUserId_idx" ON "LikenessProfile"("principalUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRecord_profileId_version_key" ON "ConsentRecord"("profileId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRevocation_consentId_key" ON "ConsentRevocation"("consentId");

-- CreateIndex
CREATE UNIQUE INDEX "LikenessAsset_blobKey_key" ON "LikenessAsset"("blobKey");

-- CreateIndex
CREATE INDEX "LikenessAsset_profileId_idx" ON "LikenessAsset"("profileId");

-- CreateIndex
CREATE INDEX "LicenseOffer_profileId_status_idx" ON "LicenseOffer"("profileId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "StudioMember_userId_key" ON "StudioMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_studioId_idx" ON "ApiKey"("studioId");

-- CreateIndex
CREATE UNIQUE INDEX "StudioUpload_blobKey_key" ON "StudioUpload"("blobKey");

-- CreateIndex
CREATE INDEX "StudioUpload_studioId_idx" ON "StudioUpload"("studioId");

-- CreateIndex
CREATE INDEX "SwapRequest_studioId_createdAt_idx" ON "SwapRequest"("studioId", "createdAt");

-- CreateIndex
CREATE INDEX "SwapRequest_profileId_status_idx" ON "SwapRequest"("profileId", "status");

-- CreateIndex
CREATE INDEX "SwapRequest_offerId_status_idx" ON "SwapRequest"("offerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_subjectType_subjectId_idx" ON "AuditEvent"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "Representation" ADD CONSTRAINT "Representation_agentUserId_fkey" FOREIGN KEY ("agentUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Representation" ADD CONSTRAINT "Representation_principalUserId_fkey" FOREIGN KEY ("principalUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LikenessProfile" ADD CONSTRAINT "LikenessProfile_principalUserId_fkey" FOREIGN KEY ("principalUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LikenessProfile" ADD CONSTRAINT "LikenessProfile_createdByUserId_fkey" FOREIGN KEY ("createdByUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRevocation" ADD CONSTRAINT "ConsentRevocation_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LikenessAsset" ADD CONSTRAINT "LikenessAsset_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LicenseOffer" ADD CONSTRAINT "LicenseOffer_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioMember" ADD CONSTRAINT "StudioMember_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioMember" ADD CONSTRAINT "StudioMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioUpload" ADD CONSTRAINT "StudioUpload_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwapRequest" ADD CONSTRAINT "SwapRequest_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwapRequest" ADD CONSTRAINT "SwapRequest_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "LicenseOffer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwapRequest" ADD CONSTRAINT "SwapRequest_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "LikenessProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwapRequest" ADD CONSTRAINT "SwapRequest_targetUploadId_fkey" FOREIGN KEY ("targetUploadId") REFERENCES "StudioUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwapRequest" ADD CONSTRAINT "SwapRequest_releaseUploadId_fkey" FOREIGN KEY ("releaseUploadId") REFERENCES "StudioUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Signed consent is immutable: a change is a new version, a revocation is a row
-- in ConsentRevocation. The audit log is append-only. Both are enforced here so
-- that no code path (or a stray UPDATE in psql) can rewrite them quietly.
CREATE FUNCTION likeness_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_record_immutable BEFORE UPDATE OR DELETE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION likeness_refuse_change();
CREATE TRIGGER consent_revocation_immutable BEFORE UPDATE OR DELETE ON "ConsentRevocation"
  FOR EACH ROW EXECUTE FUNCTION likeness_refuse_change();
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION likeness_refuse_change();
