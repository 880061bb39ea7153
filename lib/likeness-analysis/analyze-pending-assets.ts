import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { checkOneFaceOneOwner } from "@/lib/identity/one-face-one-owner";
import { queueTalentModelIfChanged } from "@/lib/talent-models/queue-talent-model";
import type { AnalyzedImage } from "@/ml/analysis/summarize-likeness-set";
import { sealDescriptor } from "./sealed-descriptor";

// The likeness analysis queue is the LikenessAsset table itself: a photo is
// PENDING from its upload until a worker stores its result. Each photo is
// claimed in its own transaction with FOR UPDATE SKIP LOCKED and held only
// while it is analysed (about a second), so N workers share the queue without
// taking the same photo, and a worker that dies mid-photo releases it with its
// connection (no stuck "running" state to recover).

/** The per-image step of ml/; the worker passes the real one, tests may pass a slower or failing one. */
export type AnalyzeImage = (image: { name: string; bytes: Uint8Array }) => Promise<AnalyzedImage>;

export type AnalyzePendingResult = { analyzed: number; failed: number; more: boolean };

/** Long enough for one photo on a slow CPU (model load on the first one included). */
const PHOTO_TRANSACTION_MS = 5 * 60_000;

let realEngine: Promise<AnalyzeImage> | undefined;

/** ml/ loads TensorFlow.js and the face models: imported on first use, never by web pages. */
function loadEngine(): Promise<AnalyzeImage> {
  realEngine ??= import("@/ml/analysis/analyze-likeness-set").then((m) => (image) => m.analyzeLikenessImage(image));
  // A failed import (missing weights) is retried on the next run rather than cached.
  realEngine.catch(() => (realEngine = undefined));
  return realEngine;
}

/**
 * Analyses up to `batchSize` pending photos, oldest first, one transaction
 * each. A photo whose analysis throws is marked FAILED with the reason; this
 * function throws only if the database or the ml module itself is unavailable.
 */
export async function analyzePendingAssets(opts: {
  db: Db;
  batchSize?: number;
  signal?: AbortSignal;
  analyze?: AnalyzeImage;
  now?: () => Date;
}): Promise<AnalyzePendingResult> {
  const { db } = opts;
  const batchSize = opts.batchSize ?? 4;
  const now = opts.now ?? (() => new Date());
  const result: AnalyzePendingResult = { analyzed: 0, failed: 0, more: false };
  // Nothing to do is the common case (polled every few seconds): no ml load for it.
  if (!(await hasPending(db))) return result;
  const analyze = opts.analyze ?? (await loadEngine());
  const changedProfiles = new Set<string>();

  for (let i = 0; i < batchSize; i++) {
    if (opts.signal?.aborted) break;
    let claimedId: string | undefined;
    try {
      const outcome = await db.$transaction(
        async (tx) => {
          const id = await claimNext(tx);
          if (!id) return null;
          claimedId = id;
          return analyzeClaimed(tx, id, analyze, now());
        },
        { timeout: PHOTO_TRANSACTION_MS, maxWait: 10_000 },
      );
      if (!outcome) break;
      result[outcome.status]++;
      changedProfiles.add(outcome.profileId);
    } catch (err) {
      // The transaction itself failed (timed out, connection lost) and rolled
      // back. If that was during a photo, fail it in a fresh transaction so one
      // photo that always overruns is not retried forever; otherwise the
      // database is down and the worker's next tick retries.
      if (!claimedId) throw err;
      const failedProfile = await markFailed(db, claimedId, `the analysis did not finish (${messageOf(err)})`, now());
      if (failedProfile) {
        result.failed++;
        changedProfiles.add(failedProfile);
      }
    }
  }
  result.more = await hasPending(db);
  // A profile whose photos are all analysed now: train its base model if the usable set changed.
  for (const profileId of changedProfiles) {
    await queueTalentModelIfChanged({ db, profileId, at: now() });
    // One face, one owner: the set's face against every other profile's.
    await checkOneFaceOneOwner({ db, profileId, now: now() });
  }
  return result;
}

async function hasPending(db: Db | Tx): Promise<boolean> {
  const row = await db.likenessAsset.findFirst({ where: { analysisStatus: "PENDING", destroyedAt: null }, select: { id: true } });
  return row !== null;
}

/** The oldest pending photo that no other worker holds, locked for the rest of the transaction. */
async function claimNext(tx: Tx): Promise<string | undefined> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "LikenessAsset"
    WHERE "analysisStatus" = 'PENDING' AND "destroyedAt" IS NULL
    ORDER BY "createdAt", id
    LIMIT 1
    FOR UPDATE SKIP LOCKED`;
  return rows[0]?.id;
}

async function analyzeClaimed(
  tx: Tx,
  id: string,
  analyze: AnalyzeImage,
  at: Date,
): Promise<{ status: "analyzed" | "failed"; profileId: string }> {
  const asset = await tx.likenessAsset.findUniqueOrThrow({
    where: { id },
    include: { profile: { select: { wrappedDataKey: true } } },
  });
  let analysed: AnalyzedImage;
  let dataKey: Buffer;
  try {
    if (!asset.profile.wrappedDataKey) throw new Error("this likeness's data key was destroyed");
    dataKey = unwrapKey(masterKey(), Buffer.from(asset.profile.wrappedDataKey));
    const bytes = await getSealedBlob(asset.blobKey, dataKey);
    analysed = await analyze({ name: asset.originalName, bytes: new Uint8Array(bytes) });
  } catch (err) {
    await recordFailure(tx, asset, messageOf(err), at);
    return { status: "failed", profileId: asset.profileId };
  }
  const { report, descriptor } = analysed;
  await tx.likenessAsset.update({
    where: { id },
    data: {
      analysisStatus: "DONE",
      analyzedAt: at,
      // Plain JSON without the descriptor: faces found, blur, size, pose, issues.
      analysis: JSON.parse(JSON.stringify(report)) as object,
      analysisError: null,
      sealedDescriptor: descriptor ? sealDescriptor(dataKey, id, descriptor) : null,
    },
  });
  await appendAuditEvent(tx, {
    actor: null,
    at,
    action: "likeness_asset.analyzed",
    subjectType: "LikenessAsset",
    subjectId: id,
    payload: { profileId: asset.profileId, facesFound: report.facesFound, usable: report.usable, issues: report.issues.map((i) => i.code) },
  });
  return { status: "analyzed", profileId: asset.profileId };
}

async function recordFailure(tx: Tx, asset: { id: string; profileId: string }, reason: string, at: Date): Promise<void> {
  await tx.likenessAsset.update({
    where: { id: asset.id },
    data: { analysisStatus: "FAILED", analyzedAt: at, analysis: Prisma.DbNull, analysisError: reason, sealedDescriptor: null },
  });
  await appendAuditEvent(tx, {
    actor: null,
    at,
    action: "likeness_asset.analysis_failed",
    subjectType: "LikenessAsset",
    subjectId: asset.id,
    payload: { profileId: asset.profileId, reason },
  });
}

/** Fails a photo outside the transaction that was analysing it, if it is still pending and no one holds it; returns its profile then. */
async function markFailed(db: Db, id: string, reason: string, at: Date): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; profileId: string }>>`
      SELECT id, "profileId" FROM "LikenessAsset"
      WHERE id = ${id} AND "analysisStatus" = 'PENDING' AND "destroyedAt" IS NULL
      FOR UPDATE SKIP LOCKED`;
    if (!rows[0]) return null;
    await recordFailure(tx, rows[0], reason, at);
    return rows[0].profileId;
  });
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
