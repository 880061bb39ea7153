import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { deleteBlob, newBlobKey, putSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { decryptFootageToTemp } from "./footage-file";
import type { SealedPerformers, StoredPerformers } from "./stored-performers";

// After target footage is uploaded, a worker finds the people in it (ml/'s
// findPerformers: faces grouped by identity through the clip) so that the
// studio can choose whose face is replaced. The scan takes seconds to a
// minute on a CPU, so it is a job, not part of the upload request.

/** What ml/ findPerformers returns (imported lazily: tfjs never loads in web pages). */
export type PerformerScan = {
  kind: "video" | "image";
  framesExamined: number;
  performers: Array<{
    id: string;
    descriptor: number[];
    thumbnailJpeg: Uint8Array;
    frames: number;
    firstSeenSeconds: number;
    medianFaceSize: number;
  }>;
};
export type FindPerformers = (footagePath: string, o: { signal?: AbortSignal }) => Promise<PerformerScan>;

const realFind: FindPerformers = async (footagePath, o) => (await import("@/ml/index")).findPerformers(footagePath, o);

/**
 * Runs one scan: decrypts the footage into a private temp folder, finds its
 * performers, stores descriptors and thumbnails sealed with the studio's key
 * and the summary on the upload. A footage the engine cannot read is a failed
 * scan with the reason (shown to the studio), not a retried job.
 */
export async function scanFootagePerformers(opts: {
  db: Db;
  uploadId: string;
  find?: FindPerformers;
  signal?: AbortSignal;
}): Promise<{ performers: number } | "skipped"> {
  const { db, uploadId } = opts;
  const upload = await db.studioUpload.findUnique({ where: { id: uploadId }, include: { studio: { select: { wrappedDataKey: true } } } });
  if (!upload || upload.destroyedAt || upload.kind !== "TARGET_FOOTAGE" || upload.performerScan !== "pending") return "skipped";
  const studioKey = unwrapKey(masterKey(), Buffer.from(upload.studio.wrappedDataKey));
  const footage = await decryptFootageToTemp(upload, studioKey);
  let scan: PerformerScan;
  try {
    scan = await (opts.find ?? realFind)(footage.footagePath, { signal: opts.signal });
  } catch (e) {
    if (e instanceof Error && e.name === "AbortError") throw e;
    const error = `The people in this footage could not be found: ${e instanceof Error ? e.message : String(e)}`.slice(0, 1000);
    await db.$transaction(async (tx) => {
      await tx.studioUpload.update({ where: { id: uploadId }, data: { performerScan: "failed", performerScanError: error } });
      await appendAuditEvent(tx, {
        actor: null,
        action: "upload.performer_scan_failed",
        subjectType: "StudioUpload",
        subjectId: uploadId,
        payload: { error },
      });
    });
    return { performers: 0 };
  } finally {
    await footage.cleanup();
  }

  const sealed: SealedPerformers = {
    performers: scan.performers.map((p) => ({
      id: p.id,
      descriptor: p.descriptor,
      thumbnailJpeg: Buffer.from(p.thumbnailJpeg).toString("base64"),
    })),
  };
  const summary: StoredPerformers = {
    kind: scan.kind,
    framesExamined: scan.framesExamined,
    performers: scan.performers.map((p) => ({
      id: p.id,
      frames: p.frames,
      firstSeenSeconds: p.firstSeenSeconds,
      medianFaceSize: Math.round(p.medianFaceSize),
    })),
  };
  const blobKey = newBlobKey("footage-performers");
  await putSealedBlob(blobKey, studioKey, Buffer.from(JSON.stringify(sealed)));
  try {
    const stored = await db.$transaction(async (tx) => {
      // Destroyed or rescanned meanwhile: this result is not recorded.
      const done = await tx.studioUpload.updateMany({
        where: { id: uploadId, performerScan: "pending", destroyedAt: null },
        data: { performerScan: "ready", performers: summary, performersBlobKey: blobKey, performerScanError: null },
      });
      if (done.count === 0) return false;
      await appendAuditEvent(tx, {
        actor: null,
        action: "upload.performers_found",
        subjectType: "StudioUpload",
        subjectId: uploadId,
        payload: { performers: summary.performers.length, framesExamined: summary.framesExamined },
      });
      return true;
    });
    if (!stored) {
      await deleteBlob(blobKey);
      return "skipped";
    }
  } catch (e) {
    await deleteBlob(blobKey).catch(() => undefined);
    throw e;
  }
  // An earlier scan's blob (a rescan) is no longer referenced.
  if (upload.performersBlobKey && upload.performersBlobKey !== blobKey) await deleteBlob(upload.performersBlobKey).catch(() => undefined);
  return { performers: summary.performers.length };
}
