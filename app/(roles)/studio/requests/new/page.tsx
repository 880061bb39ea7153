import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatDateRange } from "@/lib/format/date";
import { uploadLimits } from "@/lib/config";
import { getCatalogOffer } from "@/lib/offers/catalog-offer";
import {
  CATEGORY_OPTIONS,
  CHANNEL_OPTIONS,
  PROHIBITED_OPTIONS,
  TERRITORY_OPTIONS,
  TOPIC_OPTIONS,
  categoryLabel,
  channelLabel,
  territoryList,
} from "@/app/_lib/vocabulary-options";
import { RequestWizard } from "./request-wizard";

export const metadata: Metadata = { title: "Request a swap" };

const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["STUDIO"]);
  const sp = await searchParams;
  const offerId = param(sp, "offerId");
  if (!offerId) notFound();
  let found: Awaited<ReturnType<typeof getCatalogOffer>>;
  try {
    found = await getCatalogOffer({ db: db(), actor, offerId });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const { talent, offer } = found;
  const limits = uploadLimits();
  // Allowed categories first, each labelled, so the choice is informed; the policy engine still decides.
  const categories = [
    ...CATEGORY_OPTIONS.filter((o) => offer.allowedCategories.includes(o.value)),
    ...CATEGORY_OPTIONS.filter((o) => !offer.allowedCategories.includes(o.value)).map((o) => ({
      ...o,
      label: `${o.label} (not in this license)`,
    })),
  ];
  return (
    <>
      <PageHeader
        title="Request a swap"
        breadcrumbs={[
          { href: "/studio/catalog", label: "Catalog" },
          { href: `/studio/catalog/${talent.id}`, label: talent.displayName },
        ]}
        description={
          <>
            Under <strong>{offer.title}</strong> ({talent.displayName}): {offer.allowedCategories.map(categoryLabel).join(", ")} ·{" "}
            {territoryList(offer.territories)} · {offer.channels.map(channelLabel).join(", ")} ·{" "}
            {formatDateRange(offer.termStart, offer.termEnd)}
          </>
        }
      />
      <RequestWizard
        key={param(sp, "again") ?? "first"}
        talentName={talent.displayName}
        maxFootageBytes={limits.footageMaxBytes}
        maxReleaseBytes={limits.releaseMaxBytes}
        offer={{
          id: offer.id,
          title: offer.title,
          flatFeeMinor: offer.flatFeeMinor,
          perSecondMinor: offer.perSecondMinor,
          currency: offer.currency,
          secondsLeft: offer.secondsLeft,
          termStart: day(offer.termStart),
          termEnd: day(offer.termEnd),
        }}
        options={{
          categories,
          channels: CHANNEL_OPTIONS,
          territories: TERRITORY_OPTIONS,
          topics: TOPIC_OPTIONS,
          prohibited: PROHIBITED_OPTIONS,
        }}
      />
    </>
  );
}
