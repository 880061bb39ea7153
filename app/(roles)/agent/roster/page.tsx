import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { listRoster } from "@/lib/representation/list-representations";
import { ROLE_LABELS } from "@/lib/users/types";
import { EndButton, InviteTalentForm } from "./roster-controls";

export const metadata: Metadata = { title: "Roster" };

export default async function RosterPage() {
  const actor = await requireActor(["AGENT"]);
  const roster = await listRoster({ db: db(), actor });
  return (
    <>
      <PageHeader title="Roster" description="The talent and estates you represent or have invited, with your commission." />
      <div className="space-y-6">
        <Card title="Invite a talent" description="They accept or decline from their own account; until then you cannot act for them.">
          <InviteTalentForm />
        </Card>
        <section aria-labelledby="roster-heading">
          <h2 id="roster-heading" className="mb-3 text-base font-semibold text-zinc-900">
            Represented and invited
          </h2>
          <DataTable
            caption="Roster"
            rows={roster}
            rowKey={(r) => r.id}
            empty={
              <EmptyState
                title="Your roster is empty"
                description="Invite a talent by the email of their account to start representing them."
              />
            }
            columns={[
              {
                header: "Talent",
                cell: (r) => (
                  <div>
                    <p className="font-medium text-zinc-900">{r.principal.name}</p>
                    <p className="text-xs text-zinc-500">
                      {r.principal.email} · {ROLE_LABELS[r.principal.role]}
                    </p>
                  </div>
                ),
              },
              {
                header: "Status",
                cell: (r) =>
                  r.status === "ACTIVE" ? (
                    <Badge tone="success">Represented</Badge>
                  ) : (
                    <span className="space-y-1">
                      <Badge tone="warning">Invited</Badge>
                      <span className="block text-xs text-zinc-500">
                        <DateTime value={r.createdAt} />
                      </span>
                    </span>
                  ),
              },
              { header: "Commission", cell: (r) => `${r.commissionPercent.toString()}%`, align: "right" },
              {
                header: "Profile",
                cell: (r) => {
                  if (r.status !== "ACTIVE") return <span className="text-zinc-500">After they accept</span>;
                  const profile = r.principal.principalOf[0];
                  return profile ? (
                    <Link href={`/likeness/${profile.id}`} className="font-medium text-accent-700 hover:text-accent-900">
                      {profile.displayName}
                    </Link>
                  ) : (
                    <Link href={`/likeness/new?principal=${r.principal.id}`} className="font-medium text-accent-700 hover:text-accent-900">
                      Create profile
                    </Link>
                  );
                },
              },
              {
                header: <span className="sr-only">Actions</span>,
                align: "right",
                cell: (r) => <EndButton representationId={r.id} name={r.principal.name} pending={r.status === "PENDING"} />,
              },
            ]}
          />
        </section>
      </div>
    </>
  );
}
