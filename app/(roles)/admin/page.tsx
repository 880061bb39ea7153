import type { Metadata } from "next";
import { RoleHome } from "@/app/_components/role-home";
import { requireActor } from "@/app/_lib/actor";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminHome() {
  const actor = await requireActor(["ADMIN"]);
  return <RoleHome actor={actor} description="The platform's audit trail and accounts." />;
}
