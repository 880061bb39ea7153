import type { Metadata } from "next";
import Link from "next/link";
import { NextSteps } from "@/app/(roles)/likeness/_lib/next-steps";
import { Badge } from "@/app/_components/badge";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";
import { CONSENT_STATUS_LABELS, consentStatus } from "@/lib/consent/consent-status";
import { db } from "@/lib/db/client";
import { listManagedProfiles } from "@/lib/profiles/list-profiles";
import { countInboxRequests } from "@/lib/requests/read-requests";
import { listMyAgents } from "@/lib/representation/list-representations";

export const metadata: Metadata = { title: "Home" };

export default async function TalentHome() {
  const actor = await requireActor(PRINCIPAL_ROLES);
  const [profiles, pending, reps] = await Promise.all([
    listManagedProfiles({ db: db(), actor }),
    countInboxRequests({ db: db(), actor, status: "pending_approval" }),
    listMyAgents({ db: db(), actor }),
  ]);
  // One profile per talent; a profile revoked with destruction stays theirs (read-only until they sign new consent on it).
  const profile = profiles.find((p) => !p.biometricsDestroyedAt) ?? profiles[0] ?? null;
  const destroyedAt = profile?.biometricsDestroyedAt ?? null;
  const consent = profile?.consents[0] ?? null;
  const status = consent ? consentStatus(consent, consent.version) : null;
  const revokedAt = consent?.revocation?.revokedAt ?? null;
  const invitations = reps.filter((r) => r.status === "PENDING");
  const agents = reps.filter((r) => r.status === "ACTIVE");
  const estate = actor.role === "ESTATE";
  const base = profile ? `/likeness/${profile.id}` : "/likeness/new";

  return (
    <>
      <PageHeader
        title={`Welcome, ${actor.name}`}
        description={
          estate
            ? "As the estate, you consent, publish offers and decide on requests in the late talent's place."
            : "Your consent, likeness set and license offers; nothing is used without them."
        }
        actions={
          pending > 0 ? (
            <ButtonLink href="/talent/requests?status=pending_approval" variant="primary">
              Review {pending} pending request{pending === 1 ? "" : "s"}
            </ButtonLink>
          ) : undefined
        }
      />
      <div className="space-y-6">
        {invitations.length > 0 && (
          <Notice tone="info" title={`${invitations.length} agent invitation${invitations.length === 1 ? "" : "s"}`}>
            {invitations.map((i) => i.agent.name).join(", ")} asked to represent you.{" "}
            <Link href="/talent/representation" className="font-medium underline">
              Accept or decline
            </Link>
          </Notice>
        )}
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <NextSteps
              steps={[
                {
                  label: estate ? "Create the likeness profile of the late talent" : "Create your likeness profile",
                  done: Boolean(profile),
                  href: "/likeness/new",
                },
                {
                  label: "Sign the consent",
                  done: status === "active",
                  href: `${base}/consent`,
                  detail: destroyedAt
                    ? "Your consent was revoked and the biometric data destroyed; sign new consent on the same profile to start again."
                    : status && status !== "active"
                      ? `Your last consent is ${CONSENT_STATUS_LABELS[status].toLowerCase()}; sign a new one.`
                      : "A separate document saying exactly which uses you allow.",
                },
                {
                  label: "Upload reference photos",
                  done: (profile?._count.assets ?? 0) > 0,
                  href: `${base}/photos`,
                  detail: destroyedAt
                    ? "The earlier photos were destroyed; upload new ones once the new consent is signed."
                    : "Encrypted with a key of your own.",
                },
                {
                  label: "Publish a license offer",
                  done: (profile?._count.offers ?? 0) > 0,
                  href: `${base}/offers/new`,
                  detail: "Your terms: uses, territories, channels, term and price.",
                },
                {
                  label:
                    pending > 0 ? `Decide on ${pending} pending request${pending === 1 ? "" : "s"}` : "Decide on requests as they come in",
                  done: Boolean(profile) && pending === 0 && (profile?._count.offers ?? 0) > 0,
                  href: "/talent/requests?status=pending_approval",
                },
              ]}
            />
          </div>
          <div className="space-y-6">
            <Card title={estate ? "The likeness profile" : "Your profile"}>
              {profile ? (
                <div className="space-y-2 text-sm">
                  <p>
                    <Link href={`/likeness/${profile.id}`} className="text-base font-semibold text-accent-700 hover:text-accent-900">
                      {profile.displayName}
                    </Link>
                  </p>
                  {profile.deceased && (
                    <p className="text-zinc-600">
                      Deceased
                      {profile.diedOn ? (
                        <>
                          {" "}
                          <DateTime value={profile.diedOn} />
                        </>
                      ) : null}
                      ; represented by the estate.
                    </p>
                  )}
                  <p className="flex flex-wrap items-center gap-2">
                    Consent:{" "}
                    {status ? (
                      <Badge tone={status === "active" ? "success" : status === "revoked" ? "danger" : "warning"}>
                        {CONSENT_STATUS_LABELS[status]}
                      </Badge>
                    ) : (
                      <Badge>Not signed</Badge>
                    )}
                  </p>
                  {destroyedAt ? (
                    <div className="space-y-2 text-zinc-600" data-testid="revoked-profile">
                      <p>
                        {revokedAt ? (
                          <>
                            Consent revoked on <DateTime value={revokedAt} />; biometric
                          </>
                        ) : (
                          "Biometric"
                        )}{" "}
                        data destroyed on <DateTime value={destroyedAt} />. The profile is read-only: its consent history and what was
                        destroyed stay on record.
                      </p>
                      <p className="flex flex-wrap gap-3">
                        <Link href={`/likeness/${profile.id}`} className="font-medium text-accent-700 hover:text-accent-900">
                          History and what was destroyed
                        </Link>
                        {profile.principalUserId === actor.userId && (
                          <Link href={`/likeness/${profile.id}/consent`} className="font-medium text-accent-700 hover:text-accent-900">
                            Sign new consent on this profile
                          </Link>
                        )}
                      </p>
                    </div>
                  ) : (
                    <p className="text-zinc-600">
                      {profile._count.assets} photo{profile._count.assets === 1 ? "" : "s"} · {profile._count.offers} active offer
                      {profile._count.offers === 1 ? "" : "s"}
                    </p>
                  )}
                </div>
              ) : (
                <p className="text-sm text-zinc-600">No profile yet.</p>
              )}
            </Card>
            <Card title="Agents">
              <p className="text-sm text-zinc-600">
                {agents.length === 0 ? "No agent represents you." : `Represented by ${agents.map((a) => a.agent.name).join(", ")}.`}{" "}
                <Link href="/talent/representation" className="font-medium text-accent-700 hover:text-accent-900">
                  Representation
                </Link>
              </p>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
