import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ButtonLink } from "@/app/_components/button";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { toDateInputValue } from "@/lib/format/date";
import { listManagedProfiles } from "@/lib/profiles/list-profiles";
import { listRoster } from "@/lib/representation/list-representations";
import { MANAGER_ROLES } from "../_lib/page-data";
import { CreateProfileForm } from "./create-profile-form";

export const metadata: Metadata = { title: "Create a likeness profile" };

export default async function NewProfilePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(MANAGER_ROLES);
  const profiles = await listManagedProfiles({ db: db(), actor });
  const today = toDateInputValue(new Date());

  if (actor.role !== "AGENT") {
    // One profile per talent, revoked or not: a revoked one is reopened by signing new consent on it.
    const own = profiles.find((p) => !p.biometricsDestroyedAt) ?? profiles[0];
    if (own) redirect(`/likeness/${own.id}`);
    const estate = actor.role === "ESTATE";
    return (
      <>
        <PageHeader
          title="Create your likeness profile"
          description={
            estate
              ? "As the estate, you create the profile of the talent who has died, consent to uses of their likeness and decide on requests in their place."
              : "Your profile is what studios see. Next you sign a consent that says exactly which uses you allow; nothing is used without it."
          }
        />
        <CreateProfileForm actorIsEstate={estate} today={today} />
      </>
    );
  }

  const withProfile = new Set(profiles.map((p) => p.principalUserId));
  const roster = await listRoster({ db: db(), actor });
  const principals = roster
    .filter((r) => r.status === "ACTIVE" && !withProfile.has(r.principal.id))
    .map((r) => ({ id: r.principal.id, name: r.principal.name, role: r.principal.role }));
  const wanted = param(await searchParams, "principal");
  return (
    <>
      <PageHeader
        title="Create a likeness profile"
        description="For a talent you represent. You can prepare the profile, the likeness set and offers; the talent signs the consent themselves."
        breadcrumbs={[{ href: "/likeness", label: "Profiles" }]}
      />
      {principals.length === 0 ? (
        <EmptyState
          title="No represented talent without a profile"
          description="Invite a talent from your roster; once they accept, you can create their profile here."
          action={
            <ButtonLink href="/agent/roster" variant="primary">
              Go to your roster
            </ButtonLink>
          }
        />
      ) : (
        <CreateProfileForm
          principals={principals}
          defaultPrincipalId={principals.some((p) => p.id === wanted) ? wanted : undefined}
          actorIsEstate={false}
          today={today}
        />
      )}
    </>
  );
}
