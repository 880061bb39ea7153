import type { Metadata } from "next";
import { Card } from "@/app/_components/card";
import { DetailList } from "@/app/_components/detail-list";
import { PageHeader } from "@/app/_components/page-header";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { formatDate } from "@/lib/format/date";
import { ROLE_LABELS } from "@/lib/users/types";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireActor();
  const user = await db().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { createdAt: true, studioMembership: { select: { role: true, studio: { select: { name: true } } } } },
  });
  const studio = user.studioMembership;
  return (
    <>
      <PageHeader title="Account" description="The details this account signs and approves with." />
      <Card title="Your details" actions={<SignOutButton variant="secondary" />}>
        <DetailList
          items={[
            { label: "Name", value: actor.name },
            { label: "Email", value: actor.email },
            { label: "Account type", value: ROLE_LABELS[actor.role] },
            ...(studio ? [{ label: "Studio", value: `${studio.studio.name} (${studio.role === "OWNER" ? "owner" : "member"})` }] : []),
            { label: "Member since", value: formatDate(user.createdAt) },
          ]}
        />
      </Card>
    </>
  );
}
