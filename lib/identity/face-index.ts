import { hkdfSync } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { openFaceDescriptor, sealFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { masterKey } from "@/lib/storage/master-key";
import { descriptorDistance } from "@/ml/faces/descriptor-distance";
import { referenceFaceOf } from "./reference-face";

// "One face, one owner": every likeness set's face (the median descriptor of
// its usable photos) is kept in ProfileFace, sealed with one face-index key
// derived from the master key, so a new set is compared with every other in
// one exact scan without unwrapping each profile's data key. Exact rather than
// an approximate vector index: pgvector is not in the embedded PostgreSQL, an
// index would have to hold the descriptors in the clear, and the scan costs
// milliseconds per 10k profiles (npm run bench:identity).

/** Two sets' faces this close show one person (ml/README.md, "Identity threshold": 0.5 accepted 2 of 2052 impostor pairs). */
export const SAME_FACE_DISTANCE = 0.5;

const SCAN_BATCH = 5000;

let key: Buffer | null = null;
/** HKDF of the master key: rotating the master key re-keys the index with it. */
export function faceIndexKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", masterKey(), Buffer.alloc(0), "likeness-face-index", 32));
  return key;
}
const aad = (profileId: string) => `profile-face/${profileId}`;

/** Recomputes a profile's face from its usable photos; no usable face (or a destroyed set): no entry. Returns the face. */
export async function updateProfileFace(db: Db | Tx, profile: { id: string; wrappedDataKey: Uint8Array | null }): Promise<number[] | null> {
  const face = await referenceFaceOf(db, profile);
  if (!face) {
    await db.profileFace.deleteMany({ where: { profileId: profile.id } });
    return null;
  }
  const sealedDescriptor = sealFaceDescriptor(faceIndexKey(), aad(profile.id), face.descriptor);
  await db.profileFace.upsert({ where: { profileId: profile.id }, create: { profileId: profile.id, sealedDescriptor, photos: face.photos }, update: { sealedDescriptor, photos: face.photos } });
  return face.descriptor;
}

export type FaceMatch = { profileId: string; distance: number };

/** Every other profile whose face is within `threshold` of `descriptor`, closest first (an exact scan in batches). */
export async function findFaceMatches(
  db: Db | Tx,
  descriptor: readonly number[],
  opts: { excludeProfileId?: string; threshold?: number; batchSize?: number } = {},
): Promise<FaceMatch[]> {
  const threshold = opts.threshold ?? SAME_FACE_DISTANCE;
  const batch = opts.batchSize ?? SCAN_BATCH;
  const k = faceIndexKey();
  const matches: FaceMatch[] = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.profileFace.findMany({
      where: opts.excludeProfileId ? { profileId: { not: opts.excludeProfileId } } : undefined,
      orderBy: { profileId: "asc" },
      take: batch,
      ...(cursor ? { skip: 1, cursor: { profileId: cursor } } : {}),
      select: { profileId: true, sealedDescriptor: true },
    });
    for (const r of rows) {
      const distance = descriptorDistance(descriptor, openFaceDescriptor(k, aad(r.profileId), r.sealedDescriptor));
      if (distance <= threshold) matches.push({ profileId: r.profileId, distance });
    }
    if (rows.length < batch) break;
    cursor = rows.at(-1)!.profileId;
  }
  return matches.sort((a, b) => a.distance - b.distance);
}
