import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import type { Db, Tx } from "@/lib/db/client";
import type { AnalysisStatus } from "@/lib/db/generated/enums";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import type { ImageReport, LikenessSetReport } from "@/ml/analysis/types";
import { verificationDescriptorAad } from "@/lib/identity/stored-verification";
import { openDescriptor, openFaceDescriptor } from "./sealed-descriptor";
import { readStoredImageReport } from "./stored-image-report";

export type PhotoAnalysis = {
  assetId: string;
  status: AnalysisStatus;
  /** DONE: the photo's report with the set-level issues (blur against the set, another person) included. */
  image?: ImageReport;
  /** FAILED: why. */
  error?: string;
};

export type LikenessSetAnalysis = {
  total: number;
  pending: number;
  failed: number;
  /** Over the analysed photos; null until at least one is analysed. */
  report: LikenessSetReport | null;
  photos: PhotoAnalysis[];
};

/**
 * The likeness set report of a profile, for its managers: recomputed from the
 * stored per-photo results on each call (no model involved; the ml/ summary
 * imports no TensorFlow.js), so it always matches the photos in the set.
 */
export async function likenessSetReport(opts: { db: Db; actor: Actor; profileId: string }): Promise<LikenessSetAnalysis> {
  const profile = await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  return likenessSetReportOf(opts.db, profile);
}

/**
 * The same report without an actor, for the platform's own jobs (the render
 * worker takes the photos this report calls usable as the talent's identity).
 */
export async function likenessSetReportOf(
  db: Db | Tx,
  profile: { id: string; wrappedDataKey: Uint8Array | null },
): Promise<LikenessSetAnalysis> {
  const assets = await db.likenessAsset.findMany({
    where: { profileId: profile.id, destroyedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, analysisStatus: true, analysis: true, analysisError: true, sealedDescriptor: true },
  });
  const done = assets.flatMap((a) => {
    const report = a.analysisStatus === "DONE" ? readStoredImageReport(a.analysis) : null;
    return report ? [{ ...a, report }] : [];
  });
  // No key, no descriptors: after crypto-shredding the photos are gone as well.
  const dataKey = profile.wrappedDataKey ? unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey)) : null;
  const items = done.map((a) => ({
    report: a.report,
    descriptor: dataKey && a.sealedDescriptor ? openDescriptor(dataKey, a.id, a.sealedDescriptor) : undefined,
  }));
  let report: LikenessSetReport | null = null;
  if (items.length > 0) {
    const { summarizeLikenessSet } = await import("@/ml/analysis/summarize-likeness-set");
    // Once the talent is verified, every photo must show the verified face (not merely the set's majority).
    const referenceDescriptor = dataKey ? await verifiedFaceOf(db, profile.id, dataKey) : null;
    report = await summarizeLikenessSet(items, referenceDescriptor ? { referenceDescriptor } : {});
  }
  const imageOf = new Map(done.map((a, i) => [a.id, report?.images[i]]));
  return {
    total: assets.length,
    pending: assets.filter((a) => a.analysisStatus === "PENDING").length,
    failed: assets.filter((a) => a.analysisStatus === "FAILED").length,
    report,
    photos: assets.map((a) => ({
      assetId: a.id,
      status: a.analysisStatus,
      ...(imageOf.get(a.id) ? { image: imageOf.get(a.id) } : {}),
      ...(a.analysisError ? { error: a.analysisError } : {}),
    })),
  };
}

/** The face of the talent's latest verified consent video, or null before verification (or after destruction). */
async function verifiedFaceOf(db: Db | Tx, profileId: string, dataKey: Buffer): Promise<number[] | null> {
  const v = await db.identityVerification.findFirst({
    where: { profileId, status: "verified", sealedDescriptor: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, sealedDescriptor: true },
  });
  return v ? openFaceDescriptor(dataKey, verificationDescriptorAad(v.id), v.sealedDescriptor!) : null;
}
