import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge } from "@/app/_components/badge";
import { ButtonLink } from "@/app/_components/button";
import { DataTable } from "@/app/_components/data-table";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { CONSENT_STATUS_LABELS, consentStatus } from "@/lib/consent/consent-status";
import { db } from "@/lib/db/client";
import { listManagedProfiles } from "@/lib/profiles/list-profiles";
import { MANAGER_ROLES } from "../_lib/page-data";

export const metadata: Metadata = { title: "Likeness profiles" };

/** An agent's profiles across their roster; a talent or estate goes straight to their own. */
export default async function ProfilesPage() {
  const actor = await requireActor(MANAGER_ROLES);
  const profiles = await listManagedProfiles({ db: db(), actor });
  if (actor.role !== "AGENT") redirect(profiles[0] ? `/likeness/${profiles[0].id}` : "/likeness/new");
  return (
    <>
      <PageHeader
        title="Likeness profiles"
        description="The profiles of the talent you represent."
        actions={
          <ButtonLink href="/likeness/new" variant="primary">
            Create a profile
          </ButtonLink>
        }
      />
      <DataTable
        caption="Likeness profiles"
        rows={profiles}
        rowKey={(p) => p.id}
        empty={
          <EmptyState
            title="No profiles yet"
            description="Create a profile for a talent you represent; they sign the consent themselves."
            action={
              <ButtonLink href="/likeness/new" variant="primary">
                Create a profile
              </ButtonLink>
            }
          />
        }
        columns={[
          {
            header: "Profile",
            cell: (p) => (
              <div>
                <Link href={`/likeness/${p.id}`} className="font-medium text-accent-700 hover:text-accent-900">
                  {p.displayName}
                </Link>
                {p.deceased && (
                  <span className="ml-2">
                    <Badge>Deceased · estate</Badge>
                  </span>
                )}
              </div>
            ),
          },
          { header: "Principal", cell: (p) => p.principal.name, hideOnMobile: true },
          {
            header: "Consent",
            cell: (p) => {
              const c = p.consents[0];
              if (!c) return <Badge>Not signed</Badge>;
              const s = consentStatus(c, c.version);
              return <Badge tone={s === "active" ? "success" : s === "revoked" ? "danger" : "warning"}>{CONSENT_STATUS_LABELS[s]}</Badge>;
            },
          },
          { header: "Photos", cell: (p) => p._count.assets, align: "right" },
          { header: "Active offers", cell: (p) => p._count.offers, align: "right" },
        ]}
      />
    </>
  );
}
