import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { getCatalogProfile } from "./catalog";

/**
 * One open offer of a licensable talent, with what it has left, for a studio
 * about to request a swap under it. Anything the catalog would not show is
 * "not found".
 */
export async function getCatalogOffer(opts: { db: Db; actor: Actor; offerId: string; now?: Date }) {
  requireRole(opts.actor, ["STUDIO", "ADMIN"]);
  const row = await opts.db.licenseOffer.findUnique({ where: { id: opts.offerId }, select: { profileId: true } });
  if (!row) throw notFound("License offer");
  const talent = await getCatalogProfile({ db: opts.db, actor: opts.actor, profileId: row.profileId, now: opts.now }).catch((err) => {
    throw err instanceof Error && err.name === "AppError" ? notFound("License offer") : err;
  });
  const offer = talent.offers.find((o) => o.id === opts.offerId);
  if (!offer) throw notFound("License offer");
  return { talent: { id: talent.id, displayName: talent.displayName, deceased: talent.deceased }, offer };
}
