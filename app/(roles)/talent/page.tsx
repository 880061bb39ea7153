import type { Metadata } from "next";
import { RoleHome } from "@/app/_components/role-home";
import { requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";

export const metadata: Metadata = { title: "Talent" };

export default async function TalentHome() {
  const actor = await requireActor(PRINCIPAL_ROLES);
  const description =
    actor.role === "ESTATE"
      ? "As the estate, you consent, publish offers and decide on requests in the talent's place."
      : "Your consent, likeness set and license offers; nothing is used without them.";
  return <RoleHome actor={actor} description={description} />;
}
