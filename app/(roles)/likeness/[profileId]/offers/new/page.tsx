import type { Metadata } from "next";
import { ButtonLink } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { db } from "@/lib/db/client";
import { toDateInputValue } from "@/lib/format/date";
import { getProfileGates } from "@/lib/profiles/licensing-gates";
import { CURRENCY_EXPONENT, MAX_TERM_YEARS_LIVING } from "@/lib/licensing/vocabulary";
import {
  CATEGORY_OPTIONS,
  CHANNEL_OPTIONS,
  CURRENCY_OPTIONS,
  PROHIBITED_OPTIONS,
  TERRITORY_OPTIONS,
  TOPIC_OPTIONS,
} from "@/app/_lib/vocabulary-options";
import { GateChecklist } from "../../../_lib/gate-checklist";
import { loadProfilePage } from "../../../_lib/page-data";
import { PublishOfferForm } from "./publish-offer-form";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Publish a license offer" };

export default async function NewOfferPage({ params }: { params: Promise<{ profileId: string }> }) {
  const { profileId } = pathParams(await params);
  const { actor, profile, consent } = await loadProfilePage(profileId);
  const now = new Date();
  const { gates, closed } = await getProfileGates({ db: db(), actor, profileId: profile.id, now });
  const base = `/likeness/${profile.id}`;

  const header = (
    <PageHeader
      title="Publish a license offer"
      description="The terms a studio can request against. The policy engine checks every request against them and against the consent."
      breadcrumbs={[{ href: `${base}/offers`, label: "Offers" }]}
    />
  );
  // The gates before licensing (lib/licensing/gates.ts): the publish action refuses with the same reasons.
  if (!consent || closed.length > 0) {
    return (
      <>
        {header}
        <div className="space-y-4">
          <Notice tone="warning" title="This likeness cannot be licensed yet">
            <ul className="list-disc pl-5" aria-label="Why offers cannot be published">
              {closed.map((r) => (
                <li key={r.code} data-reason={r.code}>
                  {r.message}
                </li>
              ))}
            </ul>
            <div className="mt-3">
              <ButtonLink href={base} variant="primary" size="sm">
                See what to do
              </ButtonLink>
            </div>
          </Notice>
          <GateChecklist profileId={profile.id} gates={gates} />
        </div>
      </>
    );
  }

  // One year, or until the consent ends if sooner.
  const yearOn = new Date(now);
  yearOn.setUTCFullYear(yearOn.getUTCFullYear() + 1);
  const termEnd = yearOn < consent.expiresAt ? yearOn : consent.expiresAt;
  const consentEnds = toDateInputValue(consent.expiresAt);

  return (
    <>
      {header}
      <PublishOfferForm
        profileId={profile.id}
        categoryOptions={CATEGORY_OPTIONS.filter((o) => consent.scopes.includes(o.value))}
        exclusionOptions={TOPIC_OPTIONS}
        territoryOptions={TERRITORY_OPTIONS}
        channelOptions={CHANNEL_OPTIONS}
        currencyOptions={CURRENCY_OPTIONS}
        exponents={CURRENCY_EXPONENT}
        prohibitedUses={PROHIBITED_OPTIONS.map((o) => o.label)}
        defaults={{
          termStart: toDateInputValue(now),
          termEnd: toDateInputValue(termEnd),
          disclosureText: `AI likeness of ${profile.displayName}, used under license`.slice(0, 120),
        }}
        termHint={
          profile.deceased
            ? `No later than ${consentEnds}, when the consent ends.`
            : `At most ${MAX_TERM_YEARS_LIVING} years, and no later than ${consentEnds}, when the consent ends.`
        }
      />
    </>
  );
}
