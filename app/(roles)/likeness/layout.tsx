import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/actor";
import { MANAGER_ROLES } from "./_lib/page-data";

// Likeness profiles are managed by their talent or estate, and by agents who
// represent them. Pages and actions check again (a layout does not guard actions).
export default async function Layout({ children }: { children: ReactNode }) {
  await requireActor(MANAGER_ROLES);
  return children;
}
