import type { Metadata } from "next";
import { InboxView } from "@/app/(roles)/inbox/inbox-view";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import type { SearchParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["AGENT"]);
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Requests awaiting a decision across the talent you represent. Choose “All statuses” to see every request."
      />
      <InboxView actor={actor} pathname="/agent/approvals" searchParams={await searchParams} defaultStatus="pending_approval" />
    </>
  );
}
