import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { openSealedPerformers } from "@/lib/footage/read-performers";
import { performerDescriptorAad } from "@/lib/footage/stored-performers";
import { sealFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { loadStudioRequest } from "./load-studio-request";
import { OPEN_STATUSES, type RequestStatus } from "./state-machine";

/** Order states in which the render has not started, so the performer may still change. */
const BEFORE_RENDER = ["awaiting_payment"];

/**
 * The studio chooses whose face in its footage is replaced: one of the
 * performers the footage scan found. The choice is stored with the request
 * (the performer's descriptor sealed with the studio's key, which the render
 * matches against the footage's identity tracks) and audited. Allowed while
 * the request is open and its render has not started.
 */
export async function choosePerformer(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  requestId: string;
  performerId: string;
  now?: Date;
}) {
  const { db, actor, meta } = opts;
  const studioId = requireStudio(actor);
  const performerId = opts.performerId.trim();
  if (!performerId) throw new AppError("VALIDATION", "Choose the performer whose face is replaced.", { performerId: "Choose a performer" });
  const current = await db.swapRequest.findUnique({
    where: { id: opts.requestId },
    select: { studioId: true, targetUpload: { include: { studio: { select: { wrappedDataKey: true } } } } },
  });
  // Same answer as loadStudioRequest for another studio's request: it does not exist for this actor.
  if (!current || current.studioId !== studioId) await db.$transaction((tx) => loadStudioRequest(tx, studioId, opts.requestId));
  const upload = current?.targetUpload;
  if (!upload || upload.destroyedAt) throw new AppError("CONFLICT", "This request has no target footage to choose a performer from.");
  if (upload.performerScan !== "ready") {
    throw new AppError(
      "CONFLICT",
      upload.performerScan === "pending"
        ? "The footage is still being scanned for people; try again in a moment."
        : "The people in this footage are not known, so none can be chosen.",
    );
  }
  const performer = (await openSealedPerformers(upload))?.performers.find((p) => p.id === performerId);
  if (!performer)
    throw new AppError("VALIDATION", "That performer is not in this footage.", { performerId: "Not a performer of this footage" });
  const studioKey = unwrapKey(masterKey(), Buffer.from(upload.studio.wrappedDataKey));

  return db.$transaction(async (tx) => {
    const row = await loadStudioRequest(tx, studioId, opts.requestId);
    if (!OPEN_STATUSES.includes(row.status as RequestStatus))
      throw new AppError("CONFLICT", "This request is closed; its performer can no longer be changed.");
    if (row.targetUploadId !== upload.id)
      throw new AppError("CONFLICT", "The request's footage changed; reload the page and choose again.");
    const order = await tx.order.findUnique({ where: { requestId: row.id }, select: { status: true } });
    if (order && !BEFORE_RENDER.includes(order.status))
      throw new AppError("CONFLICT", "The render has started; the performer can no longer be changed.");
    await tx.swapRequest.update({
      where: { id: row.id },
      data: { performerId, performerDescriptor: sealFaceDescriptor(studioKey, performerDescriptorAad(row.id), performer.descriptor) },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: opts.now,
      action: "request.performer_chosen",
      subjectType: "SwapRequest",
      subjectId: row.id,
      payload: { uploadId: upload.id, performerId, previous: row.performerId },
    });
    return { requestId: row.id, performerId };
  });
}
