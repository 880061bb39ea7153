import type { Db, Tx } from "@/lib/db/client";
import { likenessSetReportOf, type LikenessSetAnalysis } from "@/lib/likeness-analysis/likeness-set-report";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";

// A profile's portrait: the most frontal usable photo of its likeness set (the
// smallest head turn), shown to admins reviewing the profile and, as a small
// marked preview, to studios in the catalog. Never a photo the set report does
// not call usable (another person, blurred, no face).

/** The asset id of the chosen portrait, or null when the set has no usable photo. */
export function choosePortrait(set: Pick<LikenessSetAnalysis, "photos">): string | null {
  let best: { id: string; turn: number } | null = null;
  for (const p of set.photos) {
    if (!p.image?.usable) continue;
    const turn = p.image.pose ? Math.abs(p.image.pose.yaw) + Math.abs(p.image.pose.pitch) : 90;
    if (!best || turn < best.turn) best = { id: p.assetId, turn };
  }
  return best?.id ?? null;
}

export async function portraitAssetId(client: Db | Tx, profile: { id: string; wrappedDataKey: Uint8Array | null }): Promise<string | null> {
  if (!profile.wrappedDataKey) return null;
  return choosePortrait(await likenessSetReportOf(client, profile));
}

/**
 * The decrypted portrait of a profile, for callers that checked who may see it
 * (lib/review for admins; the catalog preview for studios). Null when none.
 */
export async function readPortrait(db: Db, profileId: string): Promise<{ mimeType: string; bytes: Buffer } | null> {
  const profile = await db.likenessProfile.findUnique({ where: { id: profileId }, select: { id: true, wrappedDataKey: true } });
  if (!profile?.wrappedDataKey) return null;
  const assetId = await portraitAssetId(db, profile);
  if (!assetId) return null;
  const asset = await db.likenessAsset.findUniqueOrThrow({ where: { id: assetId } });
  const bytes = await getSealedBlob(asset.blobKey, unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey)));
  return { mimeType: asset.mimeType, bytes };
}
