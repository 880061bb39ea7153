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
// about a millisecond per 10k profiles once the process holds the decrypted
// index (npm run bench:identity).

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
  await db.profileFace.upsert({
    where: { profileId: profile.id },
    create: { profileId: profile.id, sealedDescriptor, photos: face.photos },
    update: { sealedDescriptor, photos: face.photos },
  });
  return face.descriptor;
}

export type FaceMatch = { profileId: string; distance: number };

type Entry = { descriptor: Float32Array; updatedAt: number };

/**
 * The decrypted index, kept in this process and brought up to date before
 * each search by reading only the rows changed since the last one (with a
 * margin for clock differences between the processes that write them), so a
 * search costs a distance per profile (~10 ms per 100k) instead of reading
 * and decrypting every row. A row deleted since (a destroyed set) may still
 * be here: every match is confirmed against the database before it is
 * returned, so the answer is exact either way.
 */
class FaceIndexCache {
  private entries = new Map<string, Entry>();
  private newest = 0;
  private loaded = false;

  async sync(db: Db | Tx, batch: number): Promise<void> {
    const since = this.loaded ? new Date(this.newest - CLOCK_MARGIN_MS) : null;
    const k = faceIndexKey();
    let cursor: string | undefined;
    for (;;) {
      const rows = await db.profileFace.findMany({
        where: since ? { updatedAt: { gte: since } } : undefined,
        orderBy: { profileId: "asc" },
        take: batch,
        ...(cursor ? { skip: 1, cursor: { profileId: cursor } } : {}),
        select: { profileId: true, sealedDescriptor: true, updatedAt: true },
      });
      for (const r of rows) {
        this.entries.set(r.profileId, {
          descriptor: Float32Array.from(openFaceDescriptor(k, aad(r.profileId), r.sealedDescriptor)),
          updatedAt: r.updatedAt.getTime(),
        });
        this.newest = Math.max(this.newest, r.updatedAt.getTime());
      }
      if (rows.length < batch) break;
      cursor = rows.at(-1)!.profileId;
    }
    this.loaded = true;
  }

  candidates(descriptor: readonly number[], threshold: number, exclude?: string): FaceMatch[] {
    const out: FaceMatch[] = [];
    const limit = threshold * threshold;
    for (const [profileId, e] of this.entries) {
      if (profileId === exclude) continue;
      let s = 0;
      for (let i = 0; i < 128 && s <= limit; i++) s += (e.descriptor[i]! - descriptor[i]!) ** 2;
      if (s <= limit) out.push({ profileId, distance: Math.sqrt(s) });
    }
    return out;
  }

  forget(profileIds: string[]): void {
    for (const id of profileIds) this.entries.delete(id);
  }
}

/** Rows written by another process whose clock is behind this one's by up to this are still read. */
const CLOCK_MARGIN_MS = 10 * 60_000;
const caches = new WeakMap<object, FaceIndexCache>();

/** Every other profile whose face is within `threshold` of `descriptor`, closest first; exact (see FaceIndexCache). */
export async function findFaceMatches(
  db: Db | Tx,
  descriptor: readonly number[],
  opts: { excludeProfileId?: string; threshold?: number; batchSize?: number } = {},
): Promise<FaceMatch[]> {
  const threshold = opts.threshold ?? SAME_FACE_DISTANCE;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new FaceIndexCache()));
  await cache.sync(db, opts.batchSize ?? SCAN_BATCH);
  const candidates = cache.candidates(descriptor, threshold, opts.excludeProfileId);
  if (candidates.length === 0) return [];
  // Confirm against the database: a face removed or changed since is not a match.
  const current = await db.profileFace.findMany({
    where: { profileId: { in: candidates.map((c) => c.profileId) } },
    select: { profileId: true, sealedDescriptor: true },
  });
  const present = new Set(current.map((r) => r.profileId));
  cache.forget(candidates.filter((c) => !present.has(c.profileId)).map((c) => c.profileId));
  const k = faceIndexKey();
  return current
    .map((r) => ({
      profileId: r.profileId,
      distance: descriptorDistance(descriptor, openFaceDescriptor(k, aad(r.profileId), r.sealedDescriptor)),
    }))
    .filter((m) => m.distance <= threshold)
    .sort((a, b) => a.distance - b.distance);
}
