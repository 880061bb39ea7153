import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/app/_components/button";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { countInboxRequests } from "@/lib/requests/read-requests";
import { listRoster } from "@/lib/representation/list-representations";

export const metadata: Metadata = { title: "Agent" };

function Tile({ label, value, href, linkLabel }: { label: string; value: number; href: string; linkLabel: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
      <p className="text-sm font-medium text-zinc-500">{label}</p>
      <p className="mt-1 text-3xl font-semibold tabular-nums text-zinc-900">{value}</p>
      <Link href={href} className="mt-2 inline-block text-sm font-medium text-accent-700 hover:text-accent-900">
        {linkLabel}
      </Link>
    </div>
  );
}

export default async function AgentHome() {
  const actor = await requireActor(["AGENT"]);
  const [roster, pending] = await Promise.all([
    listRoster({ db: db(), actor }),
    countInboxRequests({ db: db(), actor, status: "pending_approval" }),
  ]);
  const represented = roster.filter((r) => r.status === "ACTIVE");
  const invited = roster.length - represented.length;
  const withoutProfile = represented.filter((r) => r.principal.principalOf.length === 0).length;
  return (
    <>
      <PageHeader
        title={`Welcome, ${actor.name}`}
        description="The talent you represent, and the requests waiting on your decision. Talent sign their consent themselves."
        actions={
          <ButtonLink href="/agent/roster" variant="primary">
            Invite a talent
          </ButtonLink>
        }
      />
      <section aria-labelledby="overview-heading">
        <h2 id="overview-heading" className="sr-only">
          Overview
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Tile label="Awaiting your decision" value={pending} href="/agent/approvals" linkLabel="Open approvals" />
          <Tile label="Represented talent" value={represented.length} href="/agent/roster" linkLabel="View roster" />
          <Tile label="Open invitations" value={invited} href="/agent/roster" linkLabel="View roster" />
          <Tile label="Without a profile" value={withoutProfile} href="/likeness/new" linkLabel="Create a profile" />
        </div>
      </section>
    </>
  );
}
