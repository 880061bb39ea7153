import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { findFaceMatches, updateProfileFace } from "./face-index";

/**
 * After a likeness set changed (photos analysed or removed): its face is
 * updated in the index and compared with every other profile's. A match with
 * a profile of another person (another principal account) is a conflict: the
 * newer profile cannot publish offers until an admin decides; both owners see
 * it on their profile, the admin in the review queue. A pair is recorded once
 * (an admin's decision stands for later changes of either set).
 */
export async function checkOneFaceOneOwner(opts: { db: Db; profileId: string; now?: Date }): Promise<{ conflicts: string[] }> {
  const { db } = opts;
  const at = opts.now ?? new Date();
  const profile = await db.likenessProfile.findUnique({
    where: { id: opts.profileId },
    select: { id: true, wrappedDataKey: true, principalUserId: true, createdAt: true },
  });
  if (!profile) return { conflicts: [] };
  const face = await updateProfileFace(db, profile);
  if (!face) return { conflicts: [] };
  const matches = await findFaceMatches(db, face, { excludeProfileId: profile.id });
  if (matches.length === 0) return { conflicts: [] };
  const others = await db.likenessProfile.findMany({
    where: { id: { in: matches.map((m) => m.profileId) }, principalUserId: { not: profile.principalUserId }, biometricsDestroyedAt: null },
    select: { id: true, createdAt: true },
  });
  const created: string[] = [];
  for (const other of others) {
    const distance = matches.find((m) => m.profileId === other.id)!.distance;
    // The newer profile is the one that waits: the older one was there first.
    const [newer, older] =
      other.createdAt > profile.createdAt || (other.createdAt.getTime() === profile.createdAt.getTime() && other.id > profile.id)
        ? [other.id, profile.id]
        : [profile.id, other.id];
    const id = await db.$transaction(async (tx) => {
      const existing = await tx.identityConflict.findUnique({
        where: { profileId_otherProfileId: { profileId: newer, otherProfileId: older } },
      });
      if (existing) return null;
      const conflict = await tx.identityConflict.create({ data: { profileId: newer, otherProfileId: older, distance, createdAt: at } });
      await appendAuditEvent(tx, {
        actor: null,
        at,
        action: "identity.conflict_found",
        subjectType: "LikenessProfile",
        subjectId: newer,
        payload: { conflictId: conflict.id, otherProfileId: older, distance: Math.round(distance * 1000) / 1000 },
      });
      return conflict.id;
    });
    if (id) created.push(id);
  }
  return { conflicts: created };
}
