import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { loadViewableOrder } from "./order-access";

async function studioKey(db: Db, studioId: string): Promise<Buffer> {
  const studio = await db.studioAccount.findUniqueOrThrow({ where: { id: studioId }, select: { wrappedDataKey: true } });
  return unwrapKey(masterKey(), Buffer.from(studio.wrappedDataKey));
}

/** The latest converted frame of the order's current render (JPEG), for the studio and the talent side. */
export async function readRenderPreview(opts: { db: Db; actor: Actor; orderId: string }): Promise<Buffer> {
  const { order } = await loadViewableOrder(opts.db, opts.actor, opts.orderId);
  const job = await opts.db.renderJob.findFirst({
    where: { orderId: order.id, previewBlobKey: { not: null } },
    orderBy: { createdAt: "desc" },
  });
  if (!job?.previewBlobKey) throw notFound("Preview");
  return getSealedBlob(job.previewBlobKey, await studioKey(opts.db, order.studioId));
}

/**
 * The rendered output (while the talent reviews it) or the footage it came
 * from, for the talent, estate or agent who reviews it. The studio downloads
 * its delivered output through a signed link instead (lib/outputs/download-link.ts).
 */
export async function readReviewFile(opts: { db: Db; actor: Actor; orderId: string; which: "output" | "footage" }) {
  const { order, viewer } = await loadViewableOrder(opts.db, opts.actor, opts.orderId);
  if (viewer !== "manager" && viewer !== "admin") throw notFound("Order");
  if (!["in_review", "review_rejected", "delivered"].includes(order.status)) {
    throw new AppError("CONFLICT", "There is no rendered output to review on this order yet.");
  }
  const key = await studioKey(opts.db, order.studioId);
  if (opts.which === "output") {
    const output = await opts.db.renderOutput.findUnique({ where: { orderId: order.id } });
    if (!output?.blobKey) throw notFound("Output");
    return {
      mimeType: output.mimeType,
      fileName: `likeness-${output.verifyCode}${extensionOf(output.mimeType)}`,
      bytes: await getSealedBlob(output.blobKey, key),
    };
  }
  const request = await opts.db.swapRequest.findUniqueOrThrow({ where: { id: order.requestId }, include: { targetUpload: true } });
  const upload = request.targetUpload;
  if (!upload || upload.destroyedAt) throw new AppError("GONE", "The target footage has been destroyed under the retention schedule.");
  return { mimeType: upload.mimeType, fileName: upload.originalName, bytes: await getSealedBlob(upload.blobKey, key) };
}

export function extensionOf(mimeType: string): string {
  return (
    {
      "video/mp4": ".mp4",
      "image/png": ".png",
      "image/jpeg": ".jpg",
      "image/webp": ".webp",
      "video/quicktime": ".mov",
      "video/webm": ".webm",
    }[mimeType] ?? ""
  );
}
