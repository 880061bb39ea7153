import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/actor";

// The request inbox of talent, estates and their agents. Pages and actions check again.
export default async function Layout({ children }: { children: ReactNode }) {
  await requireActor(["TALENT", "ESTATE", "AGENT"]);
  return children;
}
