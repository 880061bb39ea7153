import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import type { SearchParams } from "@/app/_lib/search-params";
import { InboxView } from "../inbox-view";

export const metadata: Metadata = { title: "Requests" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
  return (
    <>
      <PageHeader
        title="Requests"
        description={
          actor.role === "AGENT"
            ? "Swap requests against the likenesses of the talent you represent."
            : "Swap requests from studios against your offers. The policy engine has checked each one; you decide on those awaiting approval."
        }
      />
      <InboxView actor={actor} pathname="/inbox" searchParams={await searchParams} />
    </>
  );
}
