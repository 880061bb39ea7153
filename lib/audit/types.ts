// Every audited action. Typed so a misspelt action fails to compile, and the
// admin log can group and filter by them.
export const AUDIT_ACTIONS = [
  "user.signed_up",
  "user.disabled",
  "user.enabled",
  "auth.sign_in_locked",
  "representation.invited",
  "representation.accepted",
  "representation.declined",
  "representation.ended",
  "profile.created",
  "profile.reopened",
  "consent.signed",
  "consent.revoked",
  "consent.video_linked",
  "likeness_asset.uploaded",
  "likeness_asset.destroyed",
  "likeness_asset.analyzed",
  "likeness_asset.analysis_failed",
  "likeness_asset.analysis_requeued",
  "biometrics.destroyed",
  "offer.published",
  "offer.revoked",
  "studio.created",
  "studio.member_added",
  "studio.member_invited",
  "studio.invitation_revoked",
  "api_key.created",
  "api_key.revoked",
  "upload.created",
  "upload.destroyed",
  "upload.performers_found",
  "upload.performer_scan_failed",
  "request.created",
  "request.submitted",
  "request.rejected_by_policy",
  "request.pending_approval",
  "request.approved",
  "request.rejected",
  "request.withdrawn",
  "request.revoked",
  "request.performer_chosen",
  "output.registered",
  "output.revoked",
  "order.created",
  "order.rendering",
  "order.in_review",
  "order.review_rejected",
  "order.delivered",
  "order.failed",
  "order.cancelled",
  "payment.checkout_started",
  "payment.checkout_expired",
  "payment.succeeded",
  "payment.refunded",
  "payment.split",
  "payment.transferred",
  "payout_account.created",
  "payout_account.updated",
  "render.queued",
  "render.started",
  "render.retried",
  "render.succeeded",
  "render.failed",
  "render.cancelled",
  "download.link_issued",
  "download.completed",
  "audit.chain_checked",
  "studio_webhook.set",
  "studio_webhook.removed",
  "webhook.delivered",
  "webhook.failed",
  "talent_model.queued",
  "talent_model.started",
  "talent_model.trained",
  "talent_model.failed",
  "talent_model.destroyed",
  "identity.challenge_issued",
  "identity.video_submitted",
  "identity.verified",
  "identity.rejected",
  "identity.sent_to_review",
  "identity.review_approved",
  "identity.review_rejected",
  "identity.conflict_found",
  "identity.conflict_dismissed",
  "identity.conflict_upheld",
  "estate_authority.submitted",
  "estate_authority.approved",
  "estate_authority.rejected",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditSubjectType =
  | "User"
  | "SignInThrottle"
  | "StudioInvitation"
  | "Representation"
  | "LikenessProfile"
  | "IdentityVerification"
  | "ConsentRecord"
  | "LikenessAsset"
  | "LicenseOffer"
  | "StudioAccount"
  | "ApiKey"
  | "StudioUpload"
  | "SwapRequest"
  | "RenderOutput"
  | "Order"
  | "RenderJob"
  | "PayoutAccount"
  | "AuditChain"
  | "StudioWebhook"
  | "TalentModel"
  | "EstateAuthorityProof";

/** The fields the hash covers, in plain data (as stored). */
export type AuditEventData = {
  seq: bigint;
  at: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  actorIp: string | null;
  actorUserAgent: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  prevHash: string;
};

export type StoredAuditEvent = AuditEventData & { hash: string };

export const GENESIS_HASH = "0".repeat(64);
