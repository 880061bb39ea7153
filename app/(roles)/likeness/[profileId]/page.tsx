import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { licensingConfig, uploadLimits } from "@/lib/config";
import { CONSENT_STATUS_LABELS, consentStatus } from "@/lib/consent/consent-status";
import { db } from "@/lib/db/client";
import { listAuthorityProofs } from "@/lib/estates/authority-proof";
import { getProfileGates } from "@/lib/profiles/licensing-gates";
import { getProfileHistory } from "@/lib/profiles/profile-history";
import { describeHistoryEntry, profileStanding } from "@/lib/profiles/revocation-record";
import { ROLE_LABELS } from "@/lib/users/types";
import { conflictsOf } from "@/lib/identity/identity-conflicts";
import { GateChecklist } from "../_lib/gate-checklist";
import { loadProfilePage } from "../_lib/page-data";
import { AuthorityProofCard } from "./authority-proof-card";
import { ConsentHistory } from "./consent-history";
import { RevokeConsentDialog } from "./revoke-consent-dialog";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Likeness profile" };

function Stat({
  label,
  value,
  detail,
  href,
  linkLabel,
}: {
  label: string;
  value: React.ReactNode;
  detail?: React.ReactNode;
  href: string;
  linkLabel: string;
}) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <p className="text-sm font-medium text-zinc-500">{label}</p>
      <div className="mt-1 text-lg font-semibold text-zinc-900">{value}</div>
      {detail && <div className="mt-0.5 text-sm text-zinc-600">{detail}</div>}
      <Link href={href} className="mt-2 inline-block text-sm font-medium text-accent-700 hover:text-accent-900">
        {linkLabel}
      </Link>
    </div>
  );
}

export default async function ProfileOverview({ params }: { params: Promise<{ profileId: string }> }) {
  const { profileId } = pathParams(await params);
  const data = await loadProfilePage(profileId);
  const {
    actor,
    profile,
    principal,
    consent,
    consents,
    offers,
    assets,
    agents,
    isPrincipal,
    openRequestCount,
    pendingRequestCount,
    liveOutputCount,
  } = data;
  const [{ gates }, proofs, conflicts, history] = await Promise.all([
    getProfileGates({ db: db(), actor, profileId: profile.id }),
    profile.deceased ? listAuthorityProofs({ db: db(), actor, profileId: profile.id }) : Promise.resolve([]),
    conflictsOf(db(), profile.id),
    getProfileHistory({ db: db(), actor, profileId: profile.id }),
  ]);
  const standing = profileStanding({
    biometricsDestroyedAt: profile.biometricsDestroyedAt,
    deceased: profile.deceased,
    minUsablePhotos: licensingConfig().minUsablePhotos,
  });
  // The record of revocations and destruction (and a reopening under new consent), once there is any.
  const record = history.some((e) => e.kind === "consent_revoked" || e.kind === "photos_destroyed") ? [...history].reverse() : [];
  const conflict = conflicts.find((c) => c.status === "open") ?? conflicts.find((c) => c.status === "upheld" && c.role === "newer");
  const base = `/likeness/${profile.id}`;
  const status = consent ? consentStatus(consent, consent.version) : null;
  const activeOffers = offers.filter((o) => o.status === "ACTIVE").length;
  const signer = profile.deceased ? "the estate" : principal.name;

  return (
    <>
      <PageHeader
        title={profile.displayName}
        description={profile.bio || undefined}
        actions={
          pendingRequestCount > 0 ? (
            <ButtonLink href="/inbox?status=pending_approval" variant="primary">
              Review {pendingRequestCount} pending request{pendingRequestCount === 1 ? "" : "s"}
            </ButtonLink>
          ) : undefined
        }
      />
      <div className="space-y-6">
        {profile.deceased && (
          <Notice tone="neutral" title="This person has died">
            {profile.displayName} died
            {profile.diedOn ? (
              <>
                {" "}
                on <DateTime value={profile.diedOn} />
              </>
            ) : null}
            . Their estate, {principal.name}, consents, publishes offers and decides on requests in their place.
          </Notice>
        )}
        {profile.biometricsDestroyedAt && (
          <section
            aria-labelledby="revoked-heading"
            data-testid="revoked-profile"
            className="rounded-lg border border-red-200 bg-red-50 p-5 text-sm text-red-950"
          >
            <h2 id="revoked-heading" className="text-base font-semibold">
              Consent revoked; biometric data destroyed
            </h2>
            <p className="mt-1">
              {consent?.revocation ? (
                <>
                  Consent was revoked on <DateTime value={consent.revocation.revokedAt} withTime />.{" "}
                </>
              ) : null}
              The reference photos and their encryption key were destroyed on <DateTime value={profile.biometricsDestroyedAt} withTime />.
              This profile is read-only: nothing can be uploaded, published or rendered for it. Its consent history and what was destroyed
              stay on record below.
            </p>
            <p className="mt-3 font-medium">To license this likeness again, on this same profile:</p>
            <ol className="mt-1 list-decimal space-y-1 pl-5">
              {standing.nextSteps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            <div className="mt-3">
              {isPrincipal ? (
                <ButtonLink href={`${base}/consent`} variant="primary">
                  Sign new consent on this profile
                </ButtonLink>
              ) : (
                <p>Only {signer} can sign new consent; you can prepare and read the document on the Consent page.</p>
              )}
            </div>
          </section>
        )}

        {conflict && (
          <div id="identity-conflict">
            <Notice tone={conflict.role === "newer" ? "danger" : "warning"} title="Another profile shows the same face">
              {conflict.status === "upheld"
                ? `An admin found that this face belongs to another person's profile: ${conflict.decisionReason ?? ""} This likeness cannot be licensed.`
                : conflict.role === "newer"
                  ? "The likeness set's face matches a profile created earlier by another account. Offers cannot be published until an admin has reviewed who the face belongs to."
                  : "A profile created later by another account shows the same face. An admin is reviewing it; this profile's offers are not affected."}
            </Notice>
          </div>
        )}

        {!profile.biometricsDestroyedAt && <GateChecklist profileId={profile.id} gates={gates} />}

        {profile.deceased && (
          <AuthorityProofCard profileId={profile.id} proofs={proofs} canUpload={isPrincipal} maxBytes={uploadLimits().releaseMaxBytes} />
        )}

        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading" className="sr-only">
            Summary
          </h2>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label="Consent"
              value={
                status ? (
                  <Badge tone={status === "active" ? "success" : status === "revoked" ? "danger" : "warning"}>
                    {CONSENT_STATUS_LABELS[status]}
                  </Badge>
                ) : (
                  <Badge>Not signed</Badge>
                )
              }
              detail={
                consent ? (
                  <>
                    Version {consent.version} · {status === "active" ? "until" : "ended"}{" "}
                    <DateTime value={consent.revocation?.revokedAt ?? consent.expiresAt} />
                  </>
                ) : (
                  `${signer} has not signed yet`
                )
              }
              href={`${base}/consent`}
              linkLabel={status === "active" ? "View or sign a new version" : "Read and sign the consent"}
            />
            <Stat
              label="Active offers"
              value={activeOffers}
              detail={`${offers.length} published in all`}
              href={`${base}/offers`}
              linkLabel="Manage offers"
            />
            <Stat
              label="Reference photos"
              value={assets.length}
              detail="Encrypted at rest"
              href={`${base}/photos`}
              linkLabel="Manage likeness set"
            />
            <Stat
              label="Managed by"
              value={<span className="text-base">{principal.name}</span>}
              detail={
                <>
                  {ROLE_LABELS[principal.role]}
                  {agents.length > 0 && (
                    <>
                      {" "}
                      · agent{agents.length === 1 ? "" : "s"}: {agents.map((a) => a.agent.name).join(", ")}
                    </>
                  )}
                </>
              }
              href={isPrincipal ? "/talent/representation" : "/agent/roster"}
              linkLabel={isPrincipal ? "Representation" : "Your roster"}
            />
          </div>
        </section>

        <Card title="Consent history" description="Each signature is a new version; earlier versions are superseded, never edited.">
          <ConsentHistory consents={consents} />
        </Card>

        {record.length > 0 && (
          <Card
            title="Revocation record"
            description="What was revoked and destroyed, and when, as the audit log recorded it. Newest first."
          >
            <ol aria-label="Revocation record" className="space-y-2 text-sm">
              {record.map((e, i) => (
                <li key={`${e.kind}-${e.at.getTime()}-${i}`} className="flex flex-wrap gap-x-3">
                  <span className="w-44 shrink-0 text-zinc-500">
                    <DateTime value={e.at} withTime />
                  </span>
                  <span className="text-zinc-900">{describeHistoryEntry(e)}</span>
                </li>
              ))}
            </ol>
          </Card>
        )}

        {status === "active" && (
          <Card
            title="Revoke consent"
            description={
              isPrincipal
                ? "Stops every use of this likeness at once: offers leave the catalog and open requests are closed."
                : `Only ${signer} can revoke this consent. You can revoke a single offer on the Offers page.`
            }
            actions={
              isPrincipal ? (
                <RevokeConsentDialog
                  profileId={profile.id}
                  activeOffers={activeOffers}
                  openRequests={openRequestCount}
                  outputs={liveOutputCount}
                  photos={assets.length}
                  deceased={profile.deceased}
                />
              ) : undefined
            }
          />
        )}
      </div>
    </>
  );
}
