import type { Db } from "@/lib/db/client";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { decryptFootageToTemp, footageExtension } from "@/lib/footage/footage-file";
import { openFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { performerDescriptorAad } from "@/lib/footage/stored-performers";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { PermanentRenderError } from "./render-errors";

export type RenderInputs = {
  dir: string;
  footagePath: string;
  footageKind: "video" | "image";
  footageSha256: string;
  talentImages: Array<{ name: string; bytes: Uint8Array }>;
  /** The performer the studio chose to replace; null: the person seen most in the footage. */
  performer: { id: string; descriptor: number[] } | null;
  profileKey: Buffer;
  studioKey: Buffer;
  disclosureText: string;
  /** The license (offer) the output is delivered under, named in its C2PA manifest. */
  licenseId: string;
  /** Removes the decrypted footage and every temp file of the job. */
  cleanup: () => Promise<void>;
};

/**
 * Decrypts what a render needs, only for the time the job runs: the studio's
 * target footage (into a private temp folder, removed by cleanup) and the
 * talent's usable reference photos (in memory). A missing input is a
 * permanent error: retrying cannot make it appear.
 */
export async function loadRenderInputs(db: Db, orderId: string): Promise<RenderInputs> {
  const order = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { request: { include: { targetUpload: true } }, offer: { select: { disclosureText: true } }, profile: true, studio: true },
  });
  const upload = order.request.targetUpload;
  if (!upload || upload.destroyedAt)
    throw new PermanentRenderError("The request has no target footage (it was never uploaded or has been destroyed).");
  if (!footageExtension(upload.mimeType))
    throw new PermanentRenderError(`The target footage (${upload.mimeType}) is not a video or image the renderer reads.`);
  if (!order.profile.wrappedDataKey)
    throw new PermanentRenderError("The talent's likeness data has been destroyed; nothing can be rendered.");

  const profileKey = unwrapKey(masterKey(), Buffer.from(order.profile.wrappedDataKey));
  const studioKey = unwrapKey(masterKey(), Buffer.from(order.studio.wrappedDataKey));
  const report = await likenessSetReportOf(db, order.profile);
  const usableIds = report.photos.filter((p) => p.image?.usable).map((p) => p.assetId);
  if (usableIds.length === 0)
    throw new PermanentRenderError(
      "The talent's likeness set has no usable photos; the talent must add clear, well-lit photos of their face.",
    );
  const assets = await db.likenessAsset.findMany({
    where: { id: { in: usableIds }, destroyedAt: null },
    select: { id: true, blobKey: true, originalName: true },
  });
  const { performerId, performerDescriptor } = order.request;
  const performer =
    performerId && performerDescriptor
      ? { id: performerId, descriptor: openFaceDescriptor(studioKey, performerDescriptorAad(order.request.id), performerDescriptor) }
      : null;

  const footage = await decryptFootageToTemp(upload, studioKey);
  try {
    const talentImages = await Promise.all(
      assets.map(async (a) => ({ name: a.originalName || a.id, bytes: new Uint8Array(await getSealedBlob(a.blobKey, profileKey)) })),
    );
    return {
      dir: footage.dir,
      footagePath: footage.footagePath,
      footageKind: upload.mimeType.startsWith("video/") ? "video" : "image",
      footageSha256: upload.sha256,
      talentImages,
      performer,
      profileKey,
      studioKey,
      disclosureText: order.offer.disclosureText,
      licenseId: order.offerId,
      cleanup: footage.cleanup,
    };
  } catch (e) {
    await footage.cleanup();
    throw e;
  }
}
