import type { Metadata } from "next";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { DateTime } from "@/app/_components/date-time";
import { previewConsent } from "@/lib/consent/preview-consent";
import { MAX_CONSENT_YEARS } from "@/lib/consent/types";
import { consentStatus } from "@/lib/consent/consent-status";
import { db } from "@/lib/db/client";
import { toDateInputValue } from "@/lib/format/date";
import { CATEGORY_OPTIONS } from "@/app/_lib/vocabulary-options";
import { loadProfilePage } from "../../_lib/page-data";
import { ConsentForm } from "./consent-form";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Consent" };

const addYears = (d: Date, years: number) => {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() + years);
  return x;
};

export default async function ConsentPage({ params }: { params: Promise<{ profileId: string }> }) {
  const { profileId } = pathParams(await params);
  const { actor, profile, principal, consent, isPrincipal } = await loadProfilePage(profileId);
  const today = new Date();
  const status = consent ? consentStatus(consent, consent.version) : null;
  // A new version starts from what is in force, so re-signing changes only what the signer changes.
  const initialScopes = status === "active" && consent ? consent.scopes : [];
  const initialExpiry = toDateInputValue(status === "active" && consent ? consent.expiresAt : addYears(today, 2));
  const preview = await previewConsent({
    db: db(),
    actor,
    input: { profileId: profile.id, scopes: initialScopes, expiresAt: initialExpiry },
  });
  const tomorrow = new Date(today.getTime() + 86_400_000);

  return (
    <>
      <PageHeader
        title={`Consent for ${profile.displayName}`}
        description="A separate document, signed on its own. It says exactly which uses of the likeness are allowed and until when; license offers can never go beyond it."
      />
      <div className="max-w-3xl space-y-6">
        {status === "active" && consent && (
          <Notice tone="success" title={`Version ${consent.version} is in force`}>
            Signed by {consent.legalName} on <DateTime value={consent.acceptedAt} />, until <DateTime value={consent.expiresAt} />. Signing
            again creates version {consent.version + 1}, which supersedes it.
          </Notice>
        )}
        {profile.biometricsDestroyedAt && (
          <Notice tone="warning" title="New consent on this profile">
            The earlier consent was revoked and this profile&apos;s biometric data destroyed on{" "}
            <DateTime value={profile.biometricsDestroyedAt} />. Signing here reopens this same profile with a new encryption key: then
            upload new reference photos
            {profile.deceased ? "" : ", record “Verify it's you” again"} and publish offers once every gate is open. The earlier history
            stays on record.
          </Notice>
        )}
        <ConsentForm
          profileId={profile.id}
          scopeOptions={CATEGORY_OPTIONS}
          initialScopes={initialScopes}
          initialExpiry={initialExpiry}
          minExpiry={toDateInputValue(tomorrow)}
          maxExpiry={profile.deceased ? undefined : toDateInputValue(addYears(today, MAX_CONSENT_YEARS))}
          expiryHint={
            profile.deceased
              ? "The consent ends on this date unless the estate revokes it earlier."
              : `At most ${MAX_CONSENT_YEARS} years from today. You can revoke it at any time.`
          }
          initialText={preview.text}
          initialSha256={preview.textSha256}
          canSign={isPrincipal && actor.userId === principal.id}
          signerTitle={profile.deceased ? "The estate must sign this itself" : "The talent must sign this themselves"}
          signerNote={
            profile.deceased
              ? `As agent you can prepare and read this document, but only the estate (${principal.name}) can sign it. Ask them to sign in and sign it on this page.`
              : `As agent you can prepare and read this document, but only ${principal.name} can sign it. Ask them to sign in and sign it on this page.`
          }
        />
      </div>
    </>
  );
}
