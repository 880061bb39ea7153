import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";

// Every page under /talent is for talent and estates only. Pages and actions check again
// (requireActor) because a layout does not guard server actions.
export default async function Layout({ children }: { children: ReactNode }) {
  await requireActor(PRINCIPAL_ROLES);
  return children;
}
