import type { Metadata } from "next";
import { RoleHome } from "@/app/_components/role-home";
import { requireActor } from "@/app/_lib/actor";

export const metadata: Metadata = { title: "Studio" };

export default async function StudioHome() {
  const actor = await requireActor(["STUDIO"]);
  return <RoleHome actor={actor} description="Find licensable talent, request swaps within their licenses, and follow each decision." />;
}
