import { redirect } from "next/navigation";
import { requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";
import { db } from "@/lib/db/client";
import { listManagedProfiles } from "@/lib/profiles/list-profiles";

/** A talent's or estate's own profile section (e.g. "/photos"), or profile creation when there is none yet. */
export async function redirectToOwnProfile(section: "" | "/consent" | "/photos" | "/offers"): Promise<never> {
  const actor = await requireActor(PRINCIPAL_ROLES);
  const profiles = await listManagedProfiles({ db: db(), actor });
  const own = profiles.find((p) => !p.biometricsDestroyedAt) ?? profiles[0];
  redirect(own ? `/likeness/${own.id}${section}` : "/likeness/new");
}
