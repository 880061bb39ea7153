import type { Metadata } from "next";
import { RoleHome } from "@/app/_components/role-home";
import { requireActor } from "@/app/_lib/actor";

export const metadata: Metadata = { title: "Agent" };

export default async function AgentHome() {
  const actor = await requireActor(["AGENT"]);
  return <RoleHome actor={actor} description="The talent you represent, and the requests waiting on your decision." />;
}
