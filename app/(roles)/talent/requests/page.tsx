import type { Metadata } from "next";
import { InboxView } from "@/app/(roles)/inbox/inbox-view";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";
import type { SearchParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Requests" };

export default async function TalentRequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(PRINCIPAL_ROLES);
  return (
    <>
      <PageHeader
        title="Requests"
        description="Swap requests from studios against your offers. The policy engine has checked each one; you decide on those awaiting approval."
      />
      <InboxView actor={actor} pathname="/talent/requests" searchParams={await searchParams} />
    </>
  );
}
