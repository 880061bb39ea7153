import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { uploadLimits } from "@/lib/config";
import { CONSENT_STATUS_LABELS, consentStatus } from "@/lib/consent/consent-status";
import { db } from "@/lib/db/client";
import { listAuthorityProofs } from "@/lib/estates/authority-proof";
import { getProfileGates } from "@/lib/profiles/licensing-gates";
import { ROLE_LABELS } from "@/lib/users/types";
import { conflictsOf } from "@/lib/identity/identity-conflicts";
import { GateChecklist } from "../_lib/gate-checklist";
import { loadProfilePage } from "../_lib/page-data";
import { AuthorityProofCard } from "./authority-proof-card";
import { ConsentHistory } from "./consent-history";
import { RevokeConsentDialog } from "./revoke-consent-dialog";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Likeness profile" };

function Stat({ label, value, detail, href, linkLabel }: { label: string; value: React.ReactNode; detail?: React.ReactNode; href: string; linkLabel: string }) {
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
  const { actor, profile, principal, consent, consents, offers, assets, agents, isPrincipal, openRequestCount, pendingRequestCount } = data;
  const [{ gates }, proofs, conflicts] = await Promise.all([
    getProfileGates({ db: db(), actor, profileId: profile.id }),
    profile.deceased ? listAuthorityProofs({ db: db(), actor, profileId: profile.id }) : Promise.resolve([]),
    conflictsOf(db(), profile.id),
  ]);
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
        actions={pendingRequestCount > 0 ? <ButtonLink href="/inbox?status=pending_approval" variant="primary">Review {pendingRequestCount} pending request{pendingRequestCount === 1 ? "" : "s"}</ButtonLink> : undefined}
      />
      <div className="space-y-6">
        {profile.deceased && (
          <Notice tone="neutral" title="This person has died">
            {profile.displayName} died{profile.diedOn ? <> on <DateTime value={profile.diedOn} /></> : null}. Their estate, {principal.name}, consents,
            publishes offers and decides on requests in their place.
          </Notice>
        )}
        {profile.biometricsDestroyedAt && (
          <Notice tone="danger" title="Biometric data destroyed">
            The reference photos and their encryption key were destroyed on <DateTime value={profile.biometricsDestroyedAt} withTime />. Nothing can be
            uploaded or rendered for this profile.
          </Notice>
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

        {profile.deceased && <AuthorityProofCard profileId={profile.id} proofs={proofs} canUpload={isPrincipal} maxBytes={uploadLimits().releaseMaxBytes} />}

        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading" className="sr-only">Summary</h2>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label="Consent"
              value={status ? <Badge tone={status === "active" ? "success" : status === "revoked" ? "danger" : "warning"}>{CONSENT_STATUS_LABELS[status]}</Badge> : <Badge>Not signed</Badge>}
              detail={consent ? <>Version {consent.version} · {status === "active" ? "until" : "ended"} <DateTime value={consent.revocation?.revokedAt ?? consent.expiresAt} /></> : `${signer} has not signed yet`}
              href={`${base}/consent`}
              linkLabel={status === "active" ? "View or sign a new version" : "Read and sign the consent"}
            />
            <Stat label="Active offers" value={activeOffers} detail={`${offers.length} published in all`} href={`${base}/offers`} linkLabel="Manage offers" />
            <Stat label="Reference photos" value={assets.length} detail="Encrypted at rest" href={`${base}/photos`} linkLabel="Manage likeness set" />
            <Stat
              label="Managed by"
              value={<span className="text-base">{principal.name}</span>}
              detail={
                <>
                  {ROLE_LABELS[principal.role]}
                  {agents.length > 0 && <> · agent{agents.length === 1 ? "" : "s"}: {agents.map((a) => a.agent.name).join(", ")}</>}
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
