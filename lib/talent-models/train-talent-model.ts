import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { talentModelConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { sealedCheckpointStore } from "@/lib/render/sealed-checkpoint-store";
import { deleteBlob, getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { loadFacePool } from "@/ml/faces/public-face-pool";
import type { TrainBaseModelResult } from "@/ml/index";
import { talentModelKeyFor } from "./keys";
import { MIN_BASE_MODEL_PHOTOS, tooFewPhotos, usablePhotoSet } from "./queue-talent-model";

export type TrainTalentModelOutcome = "trained" | "skipped" | "superseded" | "failed" | "destroyed";

/**
 * The "base-model" queue's job: trains the profile's base model on the
 * usable photos of its likeness set (decrypted in memory only while the job
 * runs) against the pool of other people's faces, and stores it sealed with
 * the profile's data key at talent-models/<profileId>. A job retried after
 * its worker died resumes from the last checkpoint of the same photo set. If
 * the set changes while it trains, the result is not marked trained: the job
 * queued behind it trains the new set. Failures are recorded on the row (and
 * audited); they are not retried until the set changes again.
 */
export async function trainTalentModel(opts: {
  db: Db;
  profileId: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<TrainTalentModelOutcome> {
  const { db, profileId } = opts;
  const say = opts.log ?? (() => undefined);
  const { preset, steps } = talentModelConfig();
  const key = talentModelKeyFor(profileId);

  const profile = await db.likenessProfile.findUnique({ where: { id: profileId }, select: { id: true, wrappedDataKey: true } });
  if (!profile?.wrappedDataKey) return "destroyed";
  const set = await usablePhotoSet(db, profile);

  const claim = await db.$transaction(async (tx) => {
    const row = await tx.talentModel.findUnique({ where: { profileId } });
    if (!row || (row.status !== "queued" && row.status !== "training")) return null;
    // A retry of the same set after a dead worker continues its checkpoint; anything else starts over.
    const resume = row.status === "training" && row.photoSetHash === set.hash && row.preset === preset && row.steps === steps;
    const updated = await tx.talentModel.update({
      where: { id: row.id },
      data: { status: "training", photoSetHash: set.hash, preset, steps, error: null },
    });
    await appendAuditEvent(tx, {
      actor: null,
      action: "talent_model.started",
      subjectType: "TalentModel",
      subjectId: row.id,
      payload: { profileId, preset, steps, photoSetHash: set.hash, photoCount: set.assetIds.length, resume },
    });
    return { id: updated.id, resume };
  });
  if (!claim) return "skipped";

  const fail = async (reason: string): Promise<TrainTalentModelOutcome> => {
    await db.$transaction(async (tx) => {
      const changed = await tx.talentModel.updateMany({
        where: { id: claim.id, status: "training", photoSetHash: set.hash },
        data: { status: "failed", error: reason.slice(0, 2000) },
      });
      if (changed.count === 0) return;
      await appendAuditEvent(tx, {
        actor: null,
        action: "talent_model.failed",
        subjectType: "TalentModel",
        subjectId: claim.id,
        payload: { profileId, reason: reason.slice(0, 500) },
      });
    });
    await deleteBlob(key).catch(() => undefined);
    say(`base model of ${profileId}: FAILED: ${reason}`);
    return "failed";
  };

  if (set.assetIds.length < MIN_BASE_MODEL_PHOTOS) return fail(tooFewPhotos(set.assetIds.length));
  const config = talentModelConfig();
  const poolImages = await loadFacePool({ customDir: config.facePoolDir, fixturesDir: config.fixturesDir });
  if (poolImages.length === 0) {
    return fail(
      config.facePoolDir
        ? `No pool of other faces: LIKENESS_FACE_POOL_DIR (${config.facePoolDir}) holds no .jpg, .png or .webp photos.`
        : "No pool of other faces: the public-domain pool photos are not in .data/fixtures/photos (run `npm run fixtures`, or set LIKENESS_FACE_POOL_DIR).",
    );
  }

  let result: TrainBaseModelResult;
  try {
    const profileKey = unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey));
    const assets = await db.likenessAsset.findMany({
      where: { id: { in: set.assetIds }, destroyedAt: null },
      select: { id: true, blobKey: true, originalName: true },
    });
    const talentImages = await Promise.all(
      assets.map(async (a) => ({ name: a.originalName || a.id, bytes: new Uint8Array(await getSealedBlob(a.blobKey, profileKey)) })),
    );
    const store = sealedCheckpointStore(profileKey);
    if (!claim.resume) await store.delete(key);
    const { trainBaseModel } = await import("@/ml/index");
    say(
      `base model of ${profileId}: ${talentImages.length} photos, ${poolImages.length} pool photos, ${preset}, ${steps} steps${claim.resume ? " (resuming)" : ""}`,
    );
    result = await trainBaseModel({
      talentImages,
      poolImages,
      preset,
      steps,
      store,
      key,
      signal: opts.signal,
      onLog: (level, message) => say(`base model of ${profileId}: ${level}: ${message}`),
    });
  } catch (e) {
    // A stopping worker leaves the row "training": the queue's retry resumes from the checkpoint.
    if (e instanceof Error && e.name === "AbortError") throw e;
    return fail(`Training failed: ${e instanceof Error ? e.message : String(e)}`);
  }

  const outcome = await db.$transaction(async (tx): Promise<TrainTalentModelOutcome> => {
    const [current] = await tx.$queryRaw<
      Array<{ wrappedDataKey: Uint8Array | null }>
    >`SELECT "wrappedDataKey" FROM "LikenessProfile" WHERE id = ${profileId} FOR UPDATE`;
    if (!current?.wrappedDataKey) return "destroyed";
    const changed = await tx.talentModel.updateMany({
      where: { id: claim.id, status: "training", photoSetHash: set.hash },
      data: { status: "trained", trainedAt: new Date(), steps: result.steps, preset, error: null },
    });
    if (changed.count === 0) {
      // Retired while it trained (its set lost its photos): the file goes too.
      const row = await tx.talentModel.findUnique({ where: { id: claim.id }, select: { status: true } });
      return row?.status === "destroyed" ? "destroyed" : "superseded";
    }
    await appendAuditEvent(tx, {
      actor: null,
      action: "talent_model.trained",
      subjectType: "TalentModel",
      subjectId: claim.id,
      payload: {
        profileId,
        preset,
        steps: result.steps,
        photoSetHash: set.hash,
        photoCount: result.talentFaces,
        poolFaces: result.poolFaces,
        finalLoss: Number.isFinite(result.finalLoss) ? result.finalLoss : null,
        backend: result.backend,
        seconds: Math.round(result.seconds),
      },
    });
    return "trained";
  });
  // Crypto-shredded or retired while it trained: the file must not outlive it.
  if (outcome === "destroyed") await deleteBlob(key).catch(() => undefined);
  say(`base model of ${profileId}: ${outcome} (${result.modelId}, final loss ${result.finalLoss.toFixed(4)})`);
  return outcome;
}
