import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { revokeOpenRequests } from "@/lib/requests/revoke-open-requests";
import { ZRevokeOffer } from "./types";

async function revokeOfferInTx(
  tx: Tx,
  opts: { offerId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<string[]> {
  const updated = await tx.licenseOffer.updateMany({
    where: { id: opts.offerId, status: "ACTIVE" },
    data: { status: "REVOKED", revokedAt: opts.at, revokedReason: opts.reason },
  });
  if (updated.count === 0) return [];
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    action: "offer.revoked",
    subjectType: "LicenseOffer",
    subjectId: opts.offerId,
    payload: { reason: opts.reason },
  });
  return revokeOpenRequests(tx, { actor: opts.actor, meta: opts.meta, where: { offerId: opts.offerId }, reason: opts.reason, at: opts.at });
}

/** Revokes every active offer of a profile (consent revocation); returns the offer ids and the request ids it closed. */
export async function revokeOffersOfProfile(
  tx: Tx,
  opts: { profileId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<{ offers: string[]; requests: string[] }> {
  const offers = await tx.licenseOffer.findMany({ where: { profileId: opts.profileId, status: "ACTIVE" }, select: { id: true } });
  const requests: string[] = [];
  for (const o of offers) requests.push(...(await revokeOfferInTx(tx, { ...opts, offerId: o.id })));
  return { offers: offers.map((o) => o.id), requests };
}

/** Revokes one license offer: the catalog stops showing it and its open requests are revoked. */
export async function revokeOffer(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  input: { offerId: string; reason: string };
  now?: Date;
}) {
  const { db, actor, meta } = opts;
  const at = opts.now ?? new Date();
  const input = parseInput(ZRevokeOffer, opts.input);
  return db.$transaction(async (tx) => {
    const offer = await tx.licenseOffer.findUnique({ where: { id: input.offerId } });
    if (!offer) throw notFound("License offer");
    await loadManagedProfile(tx, actor, offer.profileId);
    if (offer.status !== "ACTIVE") throw new AppError("CONFLICT", "This offer is already revoked.");
    const revokedRequests = await revokeOfferInTx(tx, { offerId: offer.id, actor, meta, reason: `License revoked: ${input.reason}`, at });
    return { offerId: offer.id, revokedRequests };
  });
}
