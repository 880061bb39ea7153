import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/actor";

// Every page under /agent is for agents only. Pages and actions check again
// (requireActor) because a layout does not guard server actions.
export default async function Layout({ children }: { children: ReactNode }) {
  await requireActor(["AGENT"]);
  return children;
}
