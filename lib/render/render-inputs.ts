import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
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
  profileKey: Buffer;
  studioKey: Buffer;
  disclosureText: string;
  /** Removes the decrypted footage and every temp file of the job. */
  cleanup: () => Promise<void>;
};

const EXTENSIONS: Record<string, string> = {
  "video/mp4": ".mp4",
  "video/quicktime": ".mov",
  "video/webm": ".webm",
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "image/webp": ".webp",
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
  if (!upload || upload.destroyedAt) throw new PermanentRenderError("The request has no target footage (it was never uploaded or has been destroyed).");
  const ext = EXTENSIONS[upload.mimeType];
  if (!ext) throw new PermanentRenderError(`The target footage (${upload.mimeType}) is not a video or image the renderer reads.`);
  if (!order.profile.wrappedDataKey) throw new PermanentRenderError("The talent's likeness data has been destroyed; nothing can be rendered.");

  const profileKey = unwrapKey(masterKey(), Buffer.from(order.profile.wrappedDataKey));
  const studioKey = unwrapKey(masterKey(), Buffer.from(order.studio.wrappedDataKey));
  const report = await likenessSetReportOf(db, order.profile);
  const usableIds = report.photos.filter((p) => p.image?.usable).map((p) => p.assetId);
  if (usableIds.length === 0) throw new PermanentRenderError("The talent's likeness set has no usable photos; the talent must add clear, well-lit photos of their face.");
  const assets = await db.likenessAsset.findMany({ where: { id: { in: usableIds }, destroyedAt: null }, select: { id: true, blobKey: true, originalName: true } });

  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-render-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const footagePath = path.join(dir, `footage${ext}`);
    await writeFile(footagePath, await getSealedBlob(upload.blobKey, studioKey), { mode: 0o600 });
    const talentImages = await Promise.all(
      assets.map(async (a) => ({ name: a.originalName || a.id, bytes: new Uint8Array(await getSealedBlob(a.blobKey, profileKey)) })),
    );
    return {
      dir,
      footagePath,
      footageKind: upload.mimeType.startsWith("video/") ? "video" : "image",
      footageSha256: upload.sha256,
      talentImages,
      profileKey,
      studioKey,
      disclosureText: order.offer.disclosureText,
      cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
