import type { Actor } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { readStoredPerformers, sealedPerformersSchema, type PerformerSummary, type SealedPerformers } from "./stored-performers";

export type FootagePerformers =
  | { status: "pending" }
  | { status: "failed"; error: string }
  /** Footage uploaded before performer scans existed: the person seen most is replaced. */
  | { status: "not_scanned" }
  | { status: "ready"; kind: "video" | "image"; framesExamined: number; performers: PerformerSummary[] };

type UploadRow = { performerScan: string | null; performers: unknown; performerScanError: string | null; destroyedAt: Date | null };

/** The scan state of an upload row as pages and the API show it. */
export function footagePerformersOf(upload: UploadRow): FootagePerformers {
  if (upload.performerScan === "pending") return { status: "pending" };
  if (upload.performerScan === "failed") return { status: "failed", error: upload.performerScanError ?? "The scan failed." };
  const stored = upload.performerScan === "ready" && !upload.destroyedAt ? readStoredPerformers(upload.performers) : null;
  return stored ? { status: "ready", ...stored } : { status: "not_scanned" };
}

/** An upload of the actor's studio (404 for another studio's or a destroyed one). */
async function ownUpload(db: Db, actor: Actor, uploadId: string) {
  const studioId = requireStudio(actor);
  const upload = await db.studioUpload.findUnique({ where: { id: uploadId }, include: { studio: { select: { wrappedDataKey: true } } } });
  if (!upload || upload.studioId !== studioId || upload.destroyedAt || upload.kind !== "TARGET_FOOTAGE") throw notFound("Upload");
  return upload;
}

export async function listFootagePerformers(opts: { db: Db; actor: Actor; uploadId: string }): Promise<FootagePerformers> {
  return footagePerformersOf(await ownUpload(opts.db, opts.actor, opts.uploadId));
}

/** The decrypted descriptors and thumbnails of a ready scan. */
export async function openSealedPerformers(upload: {
  performersBlobKey: string | null;
  studio: { wrappedDataKey: Uint8Array };
}): Promise<SealedPerformers | null> {
  if (!upload.performersBlobKey) return null;
  const studioKey = unwrapKey(masterKey(), Buffer.from(upload.studio.wrappedDataKey));
  const plain = await getSealedBlob(upload.performersBlobKey, studioKey);
  return sealedPerformersSchema.parse(JSON.parse(plain.toString("utf8")));
}

/** A performer's face thumbnail (JPEG), for the studio that owns the footage only. */
export async function performerThumbnail(opts: { db: Db; actor: Actor; uploadId: string; performerId: string }): Promise<Buffer> {
  const upload = await ownUpload(opts.db, opts.actor, opts.uploadId);
  const performer = (await openSealedPerformers(upload))?.performers.find((p) => p.id === opts.performerId);
  if (!performer) throw notFound("Performer");
  return Buffer.from(performer.thumbnailJpeg, "base64");
}
