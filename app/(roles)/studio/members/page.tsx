import type { Metadata } from "next";
import { ActionForm } from "@/app/_components/action-form";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { PageHeader } from "@/app/_components/page-header";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { listOpenStudioInvitations } from "@/lib/studios/studio-invitations";
import { listStudioMembers } from "@/lib/studios/studio-members";
import { addMember, withdrawInvitation } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const actor = await requireActor(["STUDIO"]);
  const members = await listStudioMembers({ db: db(), actor });
  const isOwner = members.some((m) => m.userId === actor.userId && m.role === "OWNER");
  const invitations = isOwner ? await listOpenStudioInvitations({ db: db(), actor }) : [];
  return (
    <>
      <PageHeader title="Members" description="People who can browse the catalog and request swaps for your studio." />
      <div className="space-y-6">
        {isOwner ? (
          <Card
            title="Invite a member"
            description="Invite them by email. They sign up with a studio account on that email (leaving the studio name blank), or sign in, and accept the invitation from their studio home."
          >
            <ActionForm action={addMember} resetOnSuccess>
              <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
                <TextField name="email" label="Member email" type="email" required autoComplete="off" className="sm:w-96" />
                <SubmitButton pendingLabel="Inviting…">Invite member</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        ) : (
          <p className="text-sm text-zinc-600">Only your studio's owner can invite members.</p>
        )}
        {invitations.length > 0 && (
          <section aria-labelledby="invitations-heading">
            <h2 id="invitations-heading" className="mb-3 text-lg font-semibold text-zinc-900">
              Open invitations
            </h2>
            <DataTable
              caption="Open invitations"
              rows={invitations}
              rowKey={(i) => i.id}
              columns={[
                { header: "Email", cell: (i) => i.email },
                { header: "Invited", hideOnMobile: true, cell: (i) => <DateTime value={i.createdAt} /> },
                {
                  header: <span className="sr-only">Withdraw</span>,
                  align: "right",
                  cell: (i) => (
                    <ActionForm action={withdrawInvitation} aria-label={`Withdraw the invitation to ${i.email}`} className="space-y-2">
                      <input type="hidden" name="invitationId" value={i.id} />
                      <SubmitButton variant="secondary" size="sm" pendingLabel="Withdrawing…">
                        Withdraw
                      </SubmitButton>
                    </ActionForm>
                  ),
                },
              ]}
            />
          </section>
        )}
        <section aria-labelledby="members-heading">
          <h2 id="members-heading" className="mb-3 text-lg font-semibold text-zinc-900">
            Studio members
          </h2>
          <DataTable
            caption="Studio members"
            rows={members}
            rowKey={(m) => m.id}
            columns={[
              { header: "Name", cell: (m) => <span className="font-medium">{m.user.name}</span> },
              { header: "Email", cell: (m) => m.user.email },
              {
                header: "Role",
                cell: (m) => <Badge tone={m.role === "OWNER" ? "info" : "neutral"}>{m.role === "OWNER" ? "Owner" : "Member"}</Badge>,
              },
              { header: "Added", hideOnMobile: true, cell: (m) => <DateTime value={m.addedAt} /> },
            ]}
          />
        </section>
      </div>
    </>
  );
}
