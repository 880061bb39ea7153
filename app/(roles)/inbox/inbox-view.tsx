import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { StatusFilterForm } from "@/app/_components/status-filter-form";
import { EmptyState } from "@/app/_components/empty-state";
import { Money } from "@/app/_components/money";
import { CursorPagination } from "@/app/_components/pagination";
import { StatusBadge } from "@/app/_components/status-badge";
import { param, type SearchParams } from "@/app/_lib/search-params";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { categoryLabel } from "@/app/_lib/vocabulary-options";
import { listInboxRequests } from "@/lib/requests/read-requests";
import { REQUEST_STATUSES, STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";

type Props = {
  actor: Actor;
  pathname: string;
  searchParams: SearchParams;
  /** Status shown when the URL names none ("all" in the URL shows every status). */
  defaultStatus?: RequestStatus;
};

const isStatus = (s: string | undefined): s is RequestStatus => (REQUEST_STATUSES as readonly string[]).includes(s ?? "");

/** Swap requests against the likenesses the actor manages, filterable by status, newest first. */
export async function InboxView({ actor, pathname, searchParams, defaultStatus }: Props) {
  const raw = param(searchParams, "status");
  const status = isStatus(raw) ? raw : raw === undefined ? defaultStatus : undefined;
  const cursor = param(searchParams, "cursor");
  const page = await listInboxRequests({ db: db(), actor, filter: { status }, page: { cursor, limit: 20 } });
  const filtered = status !== undefined;

  return (
    <div className="space-y-4">
      <StatusFilterForm
        action={pathname}
        id="inbox-status"
        ariaLabel="Filter requests"
        value={status}
        options={REQUEST_STATUSES.filter((s) => s !== "draft").map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
      />
      <DataTable
        caption="Swap requests"
        rows={page.items}
        rowKey={(r) => r.id}
        empty={
          <EmptyState
            title={filtered ? `No requests ${STATUS_LABELS[status!].toLowerCase()}` : "No requests yet"}
            description={
              filtered
                ? "Nothing matches this filter. Choose “All statuses” to see every request."
                : "When a studio requests a swap against an offer, it appears here with everything they asked for."
            }
          />
        }
        columns={[
          {
            header: "Request",
            cell: (r) => (
              <div>
                <Link href={`/inbox/${r.id}`} className="font-medium text-accent-700 hover:text-accent-900">
                  {r.title}
                </Link>
                <p className="text-xs text-zinc-500">{r.studio.name}</p>
              </div>
            ),
          },
          { header: "Talent", cell: (r) => r.profile.displayName, hideOnMobile: true },
          { header: "Use", cell: (r) => categoryLabel(r.category), hideOnMobile: true },
          { header: "Price", align: "right", cell: (r) => <Money minor={r.priceMinor} currency={r.currency} />, hideOnMobile: true },
          { header: "Status", cell: (r) => <StatusBadge status={r.status as RequestStatus} /> },
          { header: "Received", cell: (r) => <DateTime value={r.submittedAt ?? r.createdAt} />, hideOnMobile: true },
        ]}
      />
      <CursorPagination nextCursor={page.nextCursor} pathname={pathname} searchParams={searchParams} />
    </div>
  );
}
