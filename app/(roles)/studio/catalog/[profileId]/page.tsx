import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badge";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { DetailList } from "@/app/_components/detail-list";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatDateRange } from "@/lib/format/date";
import { formatRate } from "@/lib/format/money";
import { PROHIBITED_USES } from "@/lib/licensing/vocabulary";
import { getCatalogProfile } from "@/lib/offers/catalog";
import { categoryLabel, channelLabel, prohibitedLabel, territoryList, topicLabel } from "@/app/_lib/vocabulary-options";
import { FacePreview } from "../face-preview";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Talent" };

async function load(profileId: string) {
  const actor = await requireActor(["STUDIO"]);
  try {
    return await getCatalogProfile({ db: db(), actor, profileId });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

export default async function TalentPage({ params }: { params: Promise<{ profileId: string }> }) {
  const talent = await load(pathParams(await params).profileId);
  return (
    <>
      <PageHeader
        title={talent.displayName}
        breadcrumbs={[{ href: "/studio/catalog", label: "Catalog" }]}
        description={talent.bio || undefined}
      />
      <div className="mb-6">
        <FacePreview profileId={talent.id} name={talent.displayName} face={talent.face} size="lg" />
      </div>
      {talent.deceased && (
        <div className="mb-6">
          <Notice tone="neutral" title="Represented by their estate">
            This talent has died. Their estate signed the consent, publishes the offers and approves requests in their place.
          </Notice>
        </div>
      )}
      <h2 className="mb-3 text-lg font-semibold text-zinc-900">Open offers</h2>
      <div className="space-y-4">
        {talent.offers.map((o) => (
          <Card
            key={o.id}
            title={o.title}
            description={o.description || undefined}
            actions={
              <ButtonLink href={`/studio/requests/new?offerId=${o.id}`} variant="primary" aria-label={`Request a swap under ${o.title}`}>
                Request a swap
              </ButtonLink>
            }
          >
            <DetailList
              items={[
                { label: "Use categories", value: o.allowedCategories.map(categoryLabel).join(", ") },
                { label: "Territories", value: territoryList(o.territories) },
                { label: "Channels", value: o.channels.map(channelLabel).join(", ") },
                { label: "Term", value: formatDateRange(o.termStart, o.termEnd) },
                {
                  label: "Left on this license",
                  value: `${o.rendersLeft} of ${o.maxRenders} renders · ${o.secondsLeft} of ${o.maxOutputSeconds} output seconds`,
                },
                {
                  label: "Price",
                  value: (
                    <>
                      <Money minor={o.flatFeeMinor} currency={o.currency} /> flat + {formatRate(o.perSecondMinor, o.currency)} of output
                    </>
                  ),
                },
                {
                  label: "Approval",
                  value:
                    o.approvalMode === "AUTO" ? (
                      <Badge tone="success">Automatic — approved at once when the policy allows it</Badge>
                    ) : (
                      <Badge tone="warning">Manual — the talent or their agent decides</Badge>
                    ),
                },
                { label: "Required disclosure", value: <q className="italic">{o.disclosureText}</q> },
                {
                  label: "Excluded topics",
                  value: o.extraExclusions.length
                    ? o.extraExclusions.map(topicLabel).join(", ")
                    : "None beyond the platform's prohibited uses",
                },
                { label: "Never allowed", value: PROHIBITED_USES.map(prohibitedLabel).join("; ") },
              ]}
            />
          </Card>
        ))}
      </div>
    </>
  );
}
