import { redirect } from "next/navigation";
import { requireActor } from "@/app/_lib/actor";
import { ROLE_HOME } from "@/app/_lib/roles";

/** Sign-in lands here; each role has its own home. */
export default async function DashboardPage() {
  const actor = await requireActor();
  redirect(ROLE_HOME[actor.role]);
}
