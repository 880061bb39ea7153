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
import { listStudioMembers } from "@/lib/studios/studio-members";
import { addMember } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const actor = await requireActor(["STUDIO"]);
  const members = await listStudioMembers({ db: db(), actor });
  const isOwner = members.some((m) => m.userId === actor.userId && m.role === "OWNER");
  return (
    <>
      <PageHeader title="Members" description="People who can browse the catalog and request swaps for your studio." />
      <div className="space-y-6">
        {isOwner ? (
          <Card title="Add a member" description="They first sign up with a studio account (leaving the studio name blank); then add them by that email.">
            <ActionForm action={addMember} resetOnSuccess>
              <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
                <TextField name="email" label="Member email" type="email" required autoComplete="off" className="sm:w-96" />
                <SubmitButton pendingLabel="Adding…">Add member</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        ) : (
          <p className="text-sm text-zinc-600">Only your studio's owner can add members.</p>
        )}
        <section aria-labelledby="members-heading">
          <h2 id="members-heading" className="mb-3 text-lg font-semibold text-zinc-900">Studio members</h2>
          <DataTable
            caption="Studio members"
            rows={members}
            rowKey={(m) => m.id}
            columns={[
              { header: "Name", cell: (m) => <span className="font-medium">{m.user.name}</span> },
              { header: "Email", cell: (m) => m.user.email },
              { header: "Role", cell: (m) => <Badge tone={m.role === "OWNER" ? "info" : "neutral"}>{m.role === "OWNER" ? "Owner" : "Member"}</Badge> },
              { header: "Added", hideOnMobile: true, cell: (m) => <DateTime value={m.addedAt} /> },
            ]}
          />
        </section>
      </div>
    </>
  );
}
