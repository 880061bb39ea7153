import type { Metadata } from "next";
import { Card } from "@/app/_components/card";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";
import { db } from "@/lib/db/client";
import { listMyAgents } from "@/lib/representation/list-representations";
import { EndRepresentationButton, RespondButtons } from "./representation-controls";

export const metadata: Metadata = { title: "Representation" };

export default async function RepresentationPage() {
  const actor = await requireActor(PRINCIPAL_ROLES);
  const reps = await listMyAgents({ db: db(), actor });
  const invitations = reps.filter((r) => r.status === "PENDING");
  const agents = reps.filter((r) => r.status === "ACTIVE");
  return (
    <>
      <PageHeader
        title="Representation"
        description="Agents you accept can manage your profile, likeness set and offers and decide on requests for you. Only you sign or revoke consent."
      />
      <div className="space-y-6">
        <Card title="Invitations" description="Agents who asked to represent you.">
          {invitations.length === 0 ? (
            <p className="text-sm text-zinc-600">No open invitations.</p>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {invitations.map((r) => (
                <li key={r.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <div className="text-sm">
                    <p className="font-medium text-zinc-900">{r.agent.name}</p>
                    <p className="text-zinc-600">
                      {r.agent.email} · {r.commissionPercent.toString()}% commission · invited <DateTime value={r.createdAt} />
                    </p>
                  </div>
                  <RespondButtons representationId={r.id} agentName={r.agent.name} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <section aria-labelledby="agents-heading">
          <h2 id="agents-heading" className="mb-3 text-base font-semibold text-zinc-900">
            Your agents
          </h2>
          <DataTable
            caption="Your agents"
            rows={agents}
            rowKey={(r) => r.id}
            empty={<EmptyState title="No agents" description="When you accept an agent's invitation, they appear here." />}
            columns={[
              { header: "Agent", cell: (r) => <span className="font-medium">{r.agent.name}</span> },
              { header: "Email", cell: (r) => r.agent.email, hideOnMobile: true },
              { header: "Commission", cell: (r) => `${r.commissionPercent.toString()}%`, align: "right" },
              { header: "Since", cell: (r) => <DateTime value={r.respondedAt ?? r.createdAt} />, hideOnMobile: true },
              {
                header: <span className="sr-only">Actions</span>,
                cell: (r) => <EndRepresentationButton representationId={r.id} agentName={r.agent.name} />,
                align: "right",
              },
            ]}
          />
        </section>
      </div>
    </>
  );
}
