import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { revokeOutputs } from "@/lib/outputs/revoke-outputs";
import { revokeOpenRequests } from "@/lib/requests/revoke-open-requests";
import { ZRevokeOffer } from "./types";

async function revokeOfferInTx(
  tx: Tx,
  opts: { offerId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<{ requests: string[]; outputs: string[] }> {
  const updated = await tx.licenseOffer.updateMany({
    where: { id: opts.offerId, status: "ACTIVE" },
    data: { status: "REVOKED", revokedAt: opts.at, revokedReason: opts.reason },
  });
  if (updated.count === 0) return { requests: [], outputs: [] };
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    action: "offer.revoked",
    subjectType: "LicenseOffer",
    subjectId: opts.offerId,
    payload: { reason: opts.reason },
  });
  const requests = await revokeOpenRequests(tx, {
    actor: opts.actor,
    meta: opts.meta,
    where: { offerId: opts.offerId },
    reason: opts.reason,
    at: opts.at,
  });
  // Delivered outputs stay in the registry, marked revoked: verification shows them as REVOKED.
  const outputs = await revokeOutputs(tx, {
    actor: opts.actor,
    meta: opts.meta,
    where: { offerId: opts.offerId },
    reason: opts.reason,
    at: opts.at,
  });
  return { requests, outputs };
}

/** Revokes every active offer of a profile (consent revocation); returns the offer, request and output ids it revoked. */
export async function revokeOffersOfProfile(
  tx: Tx,
  opts: { profileId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<{ offers: string[]; requests: string[]; outputs: string[] }> {
  const offers = await tx.licenseOffer.findMany({ where: { profileId: opts.profileId, status: "ACTIVE" }, select: { id: true } });
  const requests: string[] = [];
  const outputs: string[] = [];
  for (const o of offers) {
    const revoked = await revokeOfferInTx(tx, { ...opts, offerId: o.id });
    requests.push(...revoked.requests);
    outputs.push(...revoked.outputs);
  }
  return { offers: offers.map((o) => o.id), requests, outputs };
}

/** Revokes one license offer: the catalog stops showing it, its open requests and its delivered outputs are revoked. */
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
    const revoked = await revokeOfferInTx(tx, { offerId: offer.id, actor, meta, reason: `License revoked: ${input.reason}`, at });
    return { offerId: offer.id, revokedRequests: revoked.requests, revokedOutputs: revoked.outputs };
  });
}
