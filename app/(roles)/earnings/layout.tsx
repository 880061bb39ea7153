import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/actor";

// Earnings are for the people paid from orders: talent, estates and agents.
// Checked here, above the loading skeleton, so a wrong role gets a real 403;
// the page, its actions and the CSV route check again.
export default async function Layout({ children }: { children: ReactNode }) {
  await requireActor(["TALENT", "ESTATE", "AGENT"]);
  return children;
}
