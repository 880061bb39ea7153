import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/app/_components/button";
import { buttonClass } from "@/app/_components/button-styles";
import { EmptyState } from "@/app/_components/empty-state";
import { optionsFrom } from "@/app/_components/options";
import { PageHeader } from "@/app/_components/page-header";
import { Select } from "@/app/_components/select";
import { requireActor } from "@/app/_lib/actor";
import { hrefWith, param, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { listStudioRequests } from "@/lib/requests/read-requests";
import { REQUEST_STATUSES, STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import { RequestTable } from "../../_components/request-table";

export const metadata: Metadata = { title: "Requests" };

const STATUS_OPTIONS = optionsFrom(REQUEST_STATUSES, STATUS_LABELS);

export default async function RequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["STUDIO"]);
  const sp = await searchParams;
  const raw = param(sp, "status");
  const status = REQUEST_STATUSES.includes(raw as RequestStatus) ? (raw as RequestStatus) : undefined;
  const page = await listStudioRequests({ db: db(), actor, filter: { status }, page: { cursor: param(sp, "cursor"), limit: 20 } });
  const onFirst = !param(sp, "cursor");
  return (
    <>
      <PageHeader
        title="Requests"
        description="Your studio's swap requests, newest first."
        actions={
          <ButtonLink href="/studio/catalog" variant="primary">
            New request
          </ButtonLink>
        }
      />
      <form method="get" aria-label="Filter requests" className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end">
        <Select
          name="status"
          label="Status"
          options={STATUS_OPTIONS}
          placeholder="All statuses"
          defaultValue={status ?? ""}
          className="sm:w-64"
        />
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
      </form>
      <RequestTable
        caption="Swap requests"
        rows={page.items}
        empty={
          status ? (
            <EmptyState
              title={`No requests are ${STATUS_LABELS[status].toLowerCase()}`}
              description="Choose another status, or show all requests."
              action={<ButtonLink href="/studio/requests">Show all requests</ButtonLink>}
            />
          ) : (
            <EmptyState
              title="No requests yet"
              description="Open a talent in the catalog and choose “Request a swap” on one of their offers."
              action={
                <ButtonLink href="/studio/catalog" variant="primary">
                  Browse the catalog
                </ButtonLink>
              }
            />
          )
        }
      />
      {(!onFirst || page.nextCursor) && (
        <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2">
          {!onFirst && (
            <Link className={buttonClass("secondary", "sm")} href={hrefWith("/studio/requests", sp, { cursor: undefined })}>
              Newest
            </Link>
          )}
          {page.nextCursor && (
            <Link
              className={buttonClass("secondary", "sm")}
              rel="next"
              href={hrefWith("/studio/requests", sp, { cursor: page.nextCursor })}
            >
              Older
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
