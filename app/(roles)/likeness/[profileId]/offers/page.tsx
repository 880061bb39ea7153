import type { Metadata } from "next";
import { Badge } from "@/app/_components/badge";
import { ButtonLink } from "@/app/_components/button";
import { DateTime } from "@/app/_components/date-time";
import { DetailList } from "@/app/_components/detail-list";
import { EmptyState } from "@/app/_components/empty-state";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { param, type SearchParams, pathParams } from "@/app/_lib/search-params";
import { toPolicyConsent } from "@/lib/consent/current-consent";
import { db } from "@/lib/db/client";
import { formatDateRange } from "@/lib/format/date";
import { formatRate } from "@/lib/format/money";
import { isConsentActive, isOfferOpen } from "@/lib/licensing/policy";
import { territoryName } from "@/lib/licensing/territories";
import { categoryLabel, channelLabel, topicLabel } from "@/app/_lib/vocabulary-options";
import { offerOpenRequestCount, offerUsage } from "@/lib/offers/offer-usage";
import { getProfileGates } from "@/lib/profiles/licensing-gates";
import { loadProfilePage } from "../../_lib/page-data";
import { RevokeOfferDialog } from "./revoke-offer-dialog";

export const metadata: Metadata = { title: "License offers" };

function Meter({ label, used, max }: { label: string; used: number; max: number }) {
  const pct = Math.min(100, Math.round((used / max) * 100));
  return (
    <div>
      <div className="flex justify-between text-xs text-zinc-600">
        <span>{label}</span>
        <span className="tabular-nums">
          {used.toLocaleString("en-US")} / {max.toLocaleString("en-US")}
        </span>
      </div>
      <div
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-zinc-100"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={used}
      >
        <div className={`h-full rounded-full ${pct >= 100 ? "bg-red-500" : "bg-accent-500"}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export default async function OffersPage({
  params,
  searchParams,
}: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { profileId } = pathParams(await params);
  const published = param(await searchParams, "published") === "1";
  const { actor, profile, consent, offers } = await loadProfilePage(profileId);
  const now = new Date();
  const consentActive = isConsentActive(toPolicyConsent(consent), now);
  const base = `/likeness/${profile.id}`;
  // Published offers take requests only while the gates before licensing are open (lib/licensing/gates.ts).
  const { closed } = await getProfileGates({ db: db(), actor, profileId: profile.id, now });
  const activeOffers = offers.some((o) => o.status === "ACTIVE");
  const rows = await Promise.all(
    offers.map(async (o) => ({
      offer: o,
      usage: await offerUsage(db(), o.id),
      openRequests: await offerOpenRequestCount(db(), o.id),
    })),
  );

  return (
    <>
      <PageHeader
        title="License offers"
        description="What studios can request. Active offers appear in the catalog while the consent is in force."
        actions={
          consentActive ? (
            <ButtonLink href={`${base}/offers/new`} variant="primary">
              Publish an offer
            </ButtonLink>
          ) : undefined
        }
      />
      <div className="space-y-4">
        {published && <Notice tone="success">Offer published. It is now in the catalog.</Notice>}
        {consentActive && activeOffers && closed.length > 0 && (
          <Notice tone="warning" title="Your offers are not taking requests">
            <p>Studios' requests are refused until this is fixed:</p>
            <ul className="mt-1 list-disc pl-5">
              {closed.map((r) => (
                <li key={r.code}>{r.message}</li>
              ))}
            </ul>
            <a className="mt-2 inline-block underline" href={base}>
              See what to do
            </a>
          </Notice>
        )}
        {!consentActive && (
          <Notice tone="warning" title="No consent in force">
            New offers need a signed, active consent.{" "}
            <a className="underline" href={`${base}/consent`}>
              Go to the consent
            </a>
            .
          </Notice>
        )}
        {rows.length === 0 ? (
          <EmptyState
            title="No offers yet"
            description="Publish an offer to appear in the studio catalog: the uses, territories, channels, term and price you accept."
            action={
              consentActive ? (
                <ButtonLink href={`${base}/offers/new`} variant="primary">
                  Publish an offer
                </ButtonLink>
              ) : undefined
            }
          />
        ) : (
          <ul className="space-y-4">
            {rows.map(({ offer: o, usage, openRequests }) => {
              const open = o.status === "ACTIVE" && isOfferOpen({ status: o.status, termStart: o.termStart, termEnd: o.termEnd }, now);
              return (
                <li key={o.id} aria-label={o.title}>
                  <article className="rounded-lg border border-zinc-200 bg-white shadow-sm">
                    <header className="flex flex-col gap-2 border-b border-zinc-100 px-5 py-4 sm:flex-row sm:items-start sm:justify-between">
                      <div>
                        <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-zinc-900">
                          {o.title}
                          {o.status === "REVOKED" ? (
                            <Badge tone="danger">Revoked</Badge>
                          ) : open ? (
                            <Badge tone="success">Active</Badge>
                          ) : (
                            <Badge tone="warning">Outside its term</Badge>
                          )}
                          <Badge>{o.approvalMode === "AUTO" ? "Automatic approval" : "Manual approval"}</Badge>
                        </h2>
                        {o.description && <p className="mt-1 text-sm text-zinc-600">{o.description}</p>}
                      </div>
                      {o.status === "ACTIVE" && (
                        <RevokeOfferDialog offerId={o.id} profileId={profile.id} title={o.title} openRequests={openRequests} />
                      )}
                    </header>
                    <div className="grid gap-6 px-5 py-4 lg:grid-cols-3">
                      <div className="lg:col-span-2">
                        {o.status === "REVOKED" && o.revokedAt && (
                          <div className="mb-3">
                            <Notice tone="danger">
                              Revoked on <DateTime value={o.revokedAt} withTime />: {o.revokedReason}
                            </Notice>
                          </div>
                        )}
                        <DetailList
                          items={[
                            { label: "Uses", value: o.allowedCategories.map(categoryLabel).join(", ") },
                            {
                              label: "Extra exclusions",
                              value: o.extraExclusions.length ? o.extraExclusions.map(topicLabel).join(", ") : "None",
                            },
                            { label: "Territories", value: o.territories.map((t) => `${territoryName(t)} (${t})`).join(", ") },
                            { label: "Channels", value: o.channels.map(channelLabel).join(", ") },
                            { label: "Term", value: formatDateRange(o.termStart, o.termEnd) },
                            {
                              label: "Price",
                              value: (
                                <>
                                  <Money minor={o.flatFeeMinor} currency={o.currency} /> flat + {formatRate(o.perSecondMinor, o.currency)}
                                </>
                              ),
                            },
                            { label: "Disclosure", value: <q>{o.disclosureText}</q> },
                          ]}
                        />
                      </div>
                      <div className="space-y-3">
                        <h3 className="text-sm font-medium text-zinc-800">Usage</h3>
                        <Meter label="Renders" used={usage.renders} max={o.maxRenders} />
                        <Meter label="Output seconds" used={usage.outputSeconds} max={o.maxOutputSeconds} />
                        <p className="text-xs text-zinc-500">
                          Approved requests count against the quotas. {openRequests} open request{openRequests === 1 ? "" : "s"}.
                        </p>
                      </div>
                    </div>
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </>
  );
}
