import { createHash } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { talentModelConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { deleteBlob } from "@/lib/storage/blob-store";
import { talentModelKeyFor } from "./keys";

/** A base model needs at least this many usable photos of the talent. */
export const MIN_BASE_MODEL_PHOTOS = 2;

export type UsablePhotoSet = { assetIds: string[]; hash: string };

/** The photos the likeness set report calls usable (the ones renders train on), and the SHA-256 of their sorted ids. */
export async function usablePhotoSet(db: Db, profile: { id: string; wrappedDataKey: Uint8Array | null }): Promise<UsablePhotoSet> {
  const report = await likenessSetReportOf(db, profile);
  const assetIds = report.photos
    .filter((p) => p.image?.usable)
    .map((p) => p.assetId)
    .sort();
  return { assetIds, hash: createHash("sha256").update(assetIds.join("\n")).digest("hex") };
}

export function tooFewPhotos(usable: number): string {
  return `The likeness set has ${usable} usable ${usable === 1 ? "photo" : "photos"}; a base model needs at least ${MIN_BASE_MODEL_PHOTOS}.`;
}

export type QueueTalentModelOutcome = "queued" | "unchanged" | "analysis-pending" | "too-few-photos" | "destroyed";

/**
 * Queues the training of the profile's base model when its usable photo set
 * has settled (no photo awaiting analysis), holds at least
 * MIN_BASE_MODEL_PHOTOS photos, and differs from the set the current model was
 * (or is about to be) trained on. The TalentModel row, its audit event and the
 * queue job are written in one transaction; the queue keeps one training per
 * profile at a time and one more queued behind it.
 */
export async function queueTalentModelIfChanged(opts: { db: Db; profileId: string; at?: Date }): Promise<QueueTalentModelOutcome> {
  const { db, profileId } = opts;
  const at = opts.at ?? new Date();
  const profile = await db.likenessProfile.findUnique({ where: { id: profileId }, select: { id: true, wrappedDataKey: true } });
  if (!profile?.wrappedDataKey) return "destroyed";
  const pending = await db.likenessAsset.count({ where: { profileId, destroyedAt: null, analysisStatus: "PENDING" } });
  if (pending > 0) return "analysis-pending";
  const set = await usablePhotoSet(db, profile);
  if (set.assetIds.length < MIN_BASE_MODEL_PHOTOS) {
    await retireTalentModel(db, profileId, tooFewPhotos(set.assetIds.length), at);
    return "too-few-photos";
  }
  const { preset, steps } = talentModelConfig();
  return db.$transaction(async (tx) => {
    // Two workers finishing photos of the same profile queue it once.
    const locked = await tx.$queryRaw<
      Array<{ id: string }>
    >`SELECT id FROM "LikenessProfile" WHERE id = ${profileId} AND "wrappedDataKey" IS NOT NULL FOR UPDATE`;
    if (!locked[0]) return "destroyed";
    const row = await tx.talentModel.findUnique({ where: { profileId } });
    if (row && row.status !== "destroyed" && row.photoSetHash === set.hash && row.preset === preset) return "unchanged";
    const data = { preset, steps, photoSetHash: set.hash, status: "queued" as const, error: null };
    const model = await tx.talentModel.upsert({ where: { profileId }, create: { profileId, ...data }, update: data });
    await enqueueInTx(tx, QUEUES.baseModel, { profileId }, { singletonKey: profileId });
    await appendAuditEvent(tx, {
      actor: null,
      at,
      action: "talent_model.queued",
      subjectType: "TalentModel",
      subjectId: model.id,
      payload: { profileId, preset, steps, photoSetHash: set.hash, photoCount: set.assetIds.length },
    });
    return "queued";
  });
}

/**
 * A base model whose likeness set fell below MIN_BASE_MODEL_PHOTOS (photos
 * deleted) learned from photos that are gone: it is destroyed (row, audit
 * event, then the file). A training under way notices and deletes its result.
 */
async function retireTalentModel(db: Db, profileId: string, reason: string, at: Date): Promise<void> {
  const retired = await db.$transaction(async (tx) => {
    const row = await tx.talentModel.findUnique({ where: { profileId } });
    if (!row || row.status === "destroyed") return false;
    await tx.talentModel.update({ where: { id: row.id }, data: { status: "destroyed", error: null } });
    await appendAuditEvent(tx, {
      actor: null,
      at,
      action: "talent_model.destroyed",
      subjectType: "TalentModel",
      subjectId: row.id,
      payload: { profileId, reason, previousStatus: row.status },
    });
    return true;
  });
  if (retired) await deleteBlob(talentModelKeyFor(profileId));
}
