import type { Db, Tx } from "@/lib/db/client";
import { OPEN_STATUSES } from "@/lib/requests/state-machine";

// Renders and output seconds already committed under an offer: approved
// requests count against its quotas (rendering itself comes with the render issue).
export async function offerUsage(client: Db | Tx, offerId: string): Promise<{ renders: number; outputSeconds: number }> {
  const agg = await client.swapRequest.aggregate({
    where: { offerId, status: "approved" },
    _count: { _all: true },
    _sum: { outputSeconds: true },
  });
  return { renders: agg._count._all, outputSeconds: agg._sum.outputSeconds ?? 0 };
}

/** Price of a request under an offer, in minor units. */
export function quotePrice(offer: { flatFeeMinor: number; perSecondMinor: number }, outputSeconds: number): number {
  return offer.flatFeeMinor + offer.perSecondMinor * outputSeconds;
}

/** Requests that still hold a claim on the offer: what revoking it would close. */
export async function offerOpenRequestCount(client: Db | Tx, offerId: string): Promise<number> {
  return client.swapRequest.count({ where: { offerId, status: { in: [...OPEN_STATUSES] } } });
}
