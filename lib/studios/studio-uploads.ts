import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { uploadLimits } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { UploadKind } from "@/lib/db/generated/enums";
import { AppError, notFound } from "@/lib/errors";
import { queuePerformerScan } from "@/lib/footage/queue-performer-scan";
import { storeEncryptedUpload } from "@/lib/storage/store-encrypted-upload";
import { unwrapKey } from "@/lib/storage/envelope";
import { inspectUploadedFile, type UploadRules } from "@/lib/storage/inspect-upload";
import { masterKey } from "@/lib/storage/master-key";

export type { UploadedFile } from "@/lib/storage/store-encrypted-upload";
import type { UploadedFile } from "@/lib/storage/store-encrypted-upload";

function rulesFor(kind: UploadKind, field?: string): UploadRules {
  const limits = uploadLimits();
  return kind === "TARGET_FOOTAGE"
    ? {
        field: field ?? "targetFootage",
        accept: ["video", "image"],
        maxBytes: limits.footageMaxBytes,
        maxPixels: 8192 * 8192,
        minSide: 128,
      }
    : { field: field ?? "release", accept: ["pdf", "image"], maxBytes: limits.releaseMaxBytes, maxPixels: limits.photoMaxPixels };
}

/**
 * The largest file a studio may upload (of one kind, or of any kind), so that
 * an HTTP handler can refuse an oversized body before reading it into memory.
 */
export function studioUploadMaxBytes(kind?: UploadKind): number {
  if (kind) return rulesFor(kind).maxBytes;
  return Math.max(rulesFor("TARGET_FOOTAGE").maxBytes, rulesFor("RELEASE").maxBytes);
}

/**
 * Stores a studio's target footage or performer release, encrypted with the
 * studio's data key. Checked by content, size and pixels before anything is
 * written; the file is removed again if recording it fails.
 */
export async function createStudioUpload(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  kind: UploadKind;
  file: UploadedFile;
  /** The form or API field that carried the file, named in errors (default: targetFootage / release). */
  field?: string;
}) {
  const { db, actor, meta, kind, file } = opts;
  const studioId = requireStudio(actor);
  const info = await inspectUploadedFile(file, rulesFor(kind, opts.field));
  const studio = await db.studioAccount.findUniqueOrThrow({ where: { id: studioId } });
  return storeEncryptedUpload({
    prefix: `studio/${studioId.toLowerCase()}`,
    dataKey: unwrapKey(masterKey(), Buffer.from(studio.wrappedDataKey)),
    file,
    info,
    record: (facts) =>
      db.$transaction(async (tx) => {
        const upload = await tx.studioUpload.create({
          data: { ...facts, studioId, kind, width: info.width, height: info.height, uploadedById: actor.userId },
        });
        await appendAuditEvent(tx, {
          actor,
          meta,
          action: "upload.created",
          subjectType: "StudioUpload",
          subjectId: upload.id,
          payload: { kind, sha256: upload.sha256, byteSize: upload.byteSize, mimeType: upload.mimeType },
        });
        if (kind === "TARGET_FOOTAGE") {
          await queuePerformerScan(tx, upload.id);
          return { ...upload, performerScan: "pending" as const };
        }
        return upload;
      }),
  });
}

/** An upload of the actor's studio, of the given kind, or a field error naming it. */
export async function loadOwnUpload(db: Db, studioId: string, uploadId: string, kind: UploadKind, field: string) {
  const upload = await db.studioUpload.findUnique({ where: { id: uploadId } });
  if (!upload || upload.studioId !== studioId || upload.destroyedAt) {
    throw new AppError("VALIDATION", "That upload was not found in your studio; upload the file again.", { [field]: "Upload not found" });
  }
  if (upload.kind !== kind) {
    throw new AppError("VALIDATION", `That upload is not a ${kind === "RELEASE" ? "release" : "target footage"} file.`, {
      [field]: "Wrong kind of upload",
    });
  }
  return upload;
}

export async function getStudioUpload(opts: { db: Db; actor: Actor; uploadId: string }) {
  const studioId = requireStudio(opts.actor);
  const upload = await opts.db.studioUpload.findUnique({ where: { id: opts.uploadId } });
  if (!upload || upload.studioId !== studioId) throw notFound("Upload");
  return upload;
}
