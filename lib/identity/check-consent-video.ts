import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import type { AuditAction } from "@/lib/audit/types";
import { decryptFootageToTemp } from "@/lib/footage/footage-file";
import { sealFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import type { ConsentVideoReport } from "@/ml/liveness/analyze-consent-video";
import type { ConsentVideoDecision } from "@/ml/liveness/decide-consent-video";
import type { HeadTurnPrompt } from "@/ml/liveness/head-turns";
import { linkConsentVideo } from "./consent-video-reference";
import { referenceFaceOf } from "./reference-face";
import { verificationDescriptorAad, type StoredVerificationReason, type StoredVerificationReport } from "./stored-verification";

/** The engine's check of one video (ml/liveness); the worker passes the real one, tests may pass another. */
export type CheckVideo = (
  videoPath: string,
  o: { prompts: HeadTurnPrompt[]; referenceDescriptor: number[] | null; signal?: AbortSignal },
) => Promise<{ report: ConsentVideoReport; decision: ConsentVideoDecision }>;

const realCheck: CheckVideo = async (videoPath, o) => {
  const [{ analyzeConsentVideo }, { decideConsentVideo }] = await Promise.all([
    import("@/ml/liveness/analyze-consent-video"),
    import("@/ml/liveness/decide-consent-video"),
  ]);
  const report = await analyzeConsentVideo(videoPath, { signal: o.signal });
  return { report, decision: decideConsentVideo(report, { prompts: o.prompts, referenceDescriptor: o.referenceDescriptor }) };
};

const OUTCOME_ACTION: Record<ConsentVideoDecision["outcome"], AuditAction> = {
  verified: "identity.verified",
  rejected: "identity.rejected",
  review: "identity.sent_to_review",
};

/**
 * The worker's check of a submitted consent video: decrypted into a private
 * temp folder only while it runs, measured and judged against the challenge
 * and the likeness set's face, then recorded with its reasons (audited). A
 * video the engine cannot read is rejected with that reason.
 */
export async function checkConsentVideo(opts: {
  db: Db;
  verificationId: string;
  check?: CheckVideo;
  signal?: AbortSignal;
  now?: () => Date;
}) {
  const { db, verificationId } = opts;
  const now = opts.now ?? (() => new Date());
  const v = await db.identityVerification.findUnique({
    where: { id: verificationId },
    include: { profile: { select: { id: true, wrappedDataKey: true } } },
  });
  if (!v || v.status !== "analysing" || !v.videoBlobKey || !v.videoMimeType) return "skipped" as const;
  const profile = v.profile;
  let stored: {
    report: StoredVerificationReport | null;
    reasons: StoredVerificationReason[];
    outcome: ConsentVideoDecision["outcome"];
    descriptor: number[] | null;
    error: string | null;
  };
  if (!profile.wrappedDataKey) {
    stored = {
      report: null,
      reasons: [{ code: "destroyed", severity: "reject", message: "The likeness data was destroyed before the video was checked." }],
      outcome: "rejected",
      descriptor: null,
      error: null,
    };
  } else {
    const dataKey = unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey));
    const reference = await referenceFaceOf(db, profile);
    const video = await decryptFootageToTemp({ blobKey: v.videoBlobKey, mimeType: v.videoMimeType }, dataKey);
    try {
      const { report, decision } = await (opts.check ?? realCheck)(video.footagePath, {
        prompts: v.prompts as HeadTurnPrompt[],
        referenceDescriptor: reference?.descriptor ?? null,
        signal: opts.signal,
      });
      stored = {
        outcome: decision.outcome,
        reasons: decision.reasons,
        descriptor: report.descriptor,
        error: null,
        report: {
          durationSeconds: report.durationSeconds,
          framesExamined: report.framesExamined,
          faces: report.faces,
          medianFaceSize: report.medianFaceSize,
          turnsDone: decision.headTurns.done,
          turnsMissing: decision.headTurns.missing,
          distance: decision.distance,
          spoof: report.spoof,
          mouthMovement: report.mouthMovement,
        },
      };
    } catch (e) {
      if (e instanceof Error && e.name === "AbortError") throw e;
      const message = e instanceof Error ? e.message : String(e);
      stored = {
        report: null,
        reasons: [{ code: "unreadable", severity: "reject", message: `The video could not be read: ${message}`.slice(0, 500) }],
        outcome: "rejected",
        descriptor: null,
        error: message.slice(0, 1000),
      };
    } finally {
      await video.cleanup();
    }
  }

  const at = now();
  const dataKey = profile.wrappedDataKey ? unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey)) : null;
  return db.$transaction(async (tx) => {
    const done = await tx.identityVerification.updateMany({
      where: { id: v.id, status: "analysing" },
      data: {
        status: stored.outcome,
        report: stored.report ?? undefined,
        reasons: stored.reasons,
        error: stored.error,
        analyzedAt: at,
        sealedDescriptor:
          stored.descriptor && dataKey ? sealFaceDescriptor(dataKey, verificationDescriptorAad(v.id), stored.descriptor) : null,
      },
    });
    if (done.count === 0) return "skipped" as const;
    await appendAuditEvent(tx, {
      actor: null,
      at,
      action: OUTCOME_ACTION[stored.outcome],
      subjectType: "IdentityVerification",
      subjectId: v.id,
      payload: { profileId: profile.id, reasons: stored.reasons.map((r) => r.code), distance: stored.report?.distance ?? null },
    });
    if (stored.outcome === "verified") await linkConsentVideo(tx, { profileId: profile.id, verificationId: v.id, at, actor: null });
    return stored.outcome;
  });
}
