import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { countStudioRequests } from "@/lib/requests/count-studio-requests";
import { listStudioRequests } from "@/lib/requests/read-requests";
import { listMyStudioInvitations } from "@/lib/studios/studio-invitations";
import { STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import { RequestTable } from "../_components/request-table";
import { acceptInvitation } from "../members/actions";
import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Studio" };

const SHOWN: RequestStatus[] = ["pending_approval", "approved", "rejected_by_policy", "rejected", "withdrawn", "revoked"];

const SHORTCUTS = [
  { href: "/studio/catalog", label: "Browse the catalog", description: "Talent with active consent and open license offers." },
  { href: "/studio/requests", label: "All requests", description: "Every swap request of your studio and its status." },
  { href: "/studio/api-keys", label: "API keys", description: "Keys for ordering from your own systems; shown once, revocable." },
  { href: "/studio/api-docs", label: "API documentation", description: "Endpoints of the studio REST API with curl examples." },
  { href: "/studio/members", label: "Members", description: "People in your studio; the owner adds them by email." },
];

export default async function StudioHome() {
  const actor = await requireActor(["STUDIO"]);
  if (!actor.studioId) {
    const invitations = await listMyStudioInvitations({ db: db(), actor });
    return (
      <>
        <PageHeader title={`Welcome, ${actor.name}`} />
        {invitations.length > 0 ? (
          <Card title="Studio invitations" description={`Invitations to ${actor.email}. Accept one to join that studio.`}>
            <ul className="divide-y divide-zinc-100">
              {invitations.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <span className="font-medium text-zinc-900">{i.studio.name}</span>
                  <ActionForm action={acceptInvitation} aria-label={`Accept the invitation from ${i.studio.name}`} className="space-y-2">
                    <input type="hidden" name="invitationId" value={i.id} />
                    <SubmitButton size="sm" pendingLabel="Joining…">
                      Accept and join
                    </SubmitButton>
                  </ActionForm>
                </li>
              ))}
            </ul>
          </Card>
        ) : (
          <EmptyState
            title="You are not in a studio yet"
            description="Ask your studio's owner to invite your account email (Studio → Members); the invitation appears here. You can then browse the catalog and request swaps."
          />
        )}
      </>
    );
  }
  const [counts, recent] = await Promise.all([
    countStudioRequests({ db: db(), actor }),
    listStudioRequests({ db: db(), actor, page: { limit: 5 } }),
  ]);
  return (
    <>
      <PageHeader
        title={`Welcome, ${actor.name}`}
        description="Find licensable talent, request swaps within their licenses, and follow each decision."
        actions={
          <ButtonLink href="/studio/catalog" variant="primary">
            Find talent
          </ButtonLink>
        }
      />
      <section aria-labelledby="counts-heading" className="mb-8">
        <h2 id="counts-heading" className="mb-3 text-lg font-semibold text-zinc-900">
          Requests by status
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {SHOWN.map((s) => (
            <li key={s}>
              <Link
                href={`/studio/requests?status=${s}`}
                className="block rounded-lg border border-zinc-200 bg-white p-4 shadow-sm hover:border-accent-200"
              >
                <span className="block text-2xl font-semibold tabular-nums text-zinc-900">{counts[s]}</span>
                <span className="text-sm text-zinc-600">{STATUS_LABELS[s]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="recent-heading" className="lg:col-span-2">
          <div className="mb-3 flex items-center justify-between">
            <h2 id="recent-heading" className="text-lg font-semibold text-zinc-900">
              Recent requests
            </h2>
            <Link href="/studio/requests" className="text-sm font-medium text-accent-700 hover:underline">
              View all
            </Link>
          </div>
          <RequestTable
            caption="Recent requests"
            rows={recent.items}
            empty={
              <EmptyState
                title="No requests yet"
                description="Open a talent in the catalog and choose “Request a swap” on one of their offers."
                action={
                  <ButtonLink href="/studio/catalog" variant="primary">
                    Browse the catalog
                  </ButtonLink>
                }
              />
            }
          />
        </section>
        <Card title="Shortcuts">
          <nav aria-label="Studio shortcuts">
            <ul className="space-y-3">
              {SHORTCUTS.map((s) => (
                <li key={s.href}>
                  <Link href={s.href} className="font-medium text-accent-700 hover:underline">
                    {s.label}
                  </Link>
                  <p className="text-sm text-zinc-600">{s.description}</p>
                </li>
              ))}
            </ul>
          </nav>
        </Card>
      </div>
    </>
  );
}
