import type { Db, Tx } from "@/lib/db/client";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { openDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";

/**
 * The face a consent video is compared with: the element-wise median of the
 * descriptors of the likeness set's usable photos (robust to one odd photo),
 * or null when no usable photo has a descriptor (or the set was destroyed).
 */
export async function referenceFaceOf(
  db: Db | Tx,
  profile: { id: string; wrappedDataKey: Uint8Array | null },
): Promise<{ descriptor: number[]; photos: number } | null> {
  if (!profile.wrappedDataKey) return null;
  const analysis = await likenessSetReportOf(db, profile);
  const usable = analysis.photos.filter((p) => p.image?.usable).map((p) => p.assetId);
  if (usable.length === 0) return null;
  const dataKey = unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey));
  const rows = await db.likenessAsset.findMany({
    where: { id: { in: usable }, sealedDescriptor: { not: null } },
    select: { id: true, sealedDescriptor: true },
  });
  const descriptors = rows.map((r) => openDescriptor(dataKey, r.id, r.sealedDescriptor!));
  if (descriptors.length === 0) return null;
  const median = descriptors[0]!.map((_, k) => {
    const column = descriptors.map((d) => d[k]!).sort((a, b) => a - b);
    const m = column.length >> 1;
    return column.length % 2 ? column[m]! : (column[m - 1]! + column[m]!) / 2;
  });
  return { descriptor: median, photos: descriptors.length };
}
