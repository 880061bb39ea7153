import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/actor";

// Every page under /admin is for admins only. Pages and actions check again
// (requireActor) because a layout does not guard server actions.
export default async function Layout({ children }: { children: ReactNode }) {
  await requireActor(["ADMIN"]);
  return children;
}
