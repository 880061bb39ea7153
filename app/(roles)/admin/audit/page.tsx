import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/card";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { hrefWith, param, type SearchParams } from "@/app/_lib/search-params";
import { listAuditEvents } from "@/lib/admin/audit-log";
import { AUDIT_ACTIONS } from "@/lib/audit/types";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ChainCheckForm } from "./chain-check-form";

export const metadata: Metadata = { title: "Audit log" };

const input = "h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["ADMIN"]);
  const sp = await searchParams;
  const filter = {
    action: param(sp, "action") || undefined,
    subjectId: param(sp, "subject") || undefined,
    actorEmail: param(sp, "actor") || undefined,
    before: param(sp, "before") || undefined,
  };
  let page: Awaited<ReturnType<typeof listAuditEvents>> | null = null;
  let filterError: string | null = null;
  try {
    page = await listAuditEvents({ db: db(), actor, filter: filter as Parameters<typeof listAuditEvents>[0]["filter"] });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    filterError = err.message;
  }
  const filtered = Boolean(filter.action || filter.subjectId || filter.actorEmail);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to consent, licenses, requests and accounts, newest first. Each event is hash-chained to the one before it."
      />
      <div className="space-y-6">
        <Card
          title="Chain check"
          description="Recomputes every event's hash and link, and compares with the newest signed anchor (the database's or the anchor file's, whichever is newer) to detect edits, deletions, reordering and truncation."
        >
          <ChainCheckForm />
        </Card>
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
          <label className="flex flex-col gap-1 text-sm font-medium text-zinc-700">
            Action
            <select name="action" defaultValue={filter.action ?? ""} className={input}>
              <option value="">All actions</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium text-zinc-700">
            Subject id
            <input name="subject" defaultValue={filter.subjectId ?? ""} className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium text-zinc-700">
            Actor email
            <input name="actor" type="email" defaultValue={filter.actorEmail ?? ""} className={input} />
          </label>
          <button type="submit" className="h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700">
            Filter
          </button>
          {filtered && (
            <Link href="/admin/audit" className="h-9 px-2 text-sm leading-9 text-zinc-600 hover:text-zinc-900">
              Clear
            </Link>
          )}
        </form>
        {filterError && (
          <p role="alert" className="text-sm text-red-700">
            {filterError}
          </p>
        )}
        {page && (
          <>
            <DataTable
              caption="Audit events"
              rows={page.items}
              rowKey={(e) => e.seq.toString()}
              empty={
                <EmptyState
                  title={filtered ? "No events match these filters" : "No events yet"}
                  description={
                    filtered
                      ? "Clear the filters to see every event."
                      : "Events appear here as soon as anyone signs up or changes anything."
                  }
                />
              }
              columns={[
                { header: "#", align: "right", cell: (e) => e.seq.toString() },
                { header: "Time", cell: (e) => <DateTime value={e.at} withTime /> },
                { header: "Action", cell: (e) => <code className="text-xs">{e.action}</code> },
                {
                  header: "Actor",
                  hideOnMobile: true,
                  cell: (e) =>
                    e.actorEmail ? (
                      <span>
                        {e.actorEmail} <span className="text-zinc-500">({e.actorRole})</span>
                      </span>
                    ) : (
                      <span className="text-zinc-500">system</span>
                    ),
                },
                {
                  header: "Subject",
                  hideOnMobile: true,
                  cell: (e) => (
                    <Link className="text-accent-700 hover:underline" href={hrefWith("/admin/audit", {}, { subject: e.subjectId })}>
                      {e.subjectType} {e.subjectId.slice(0, 10)}…
                    </Link>
                  ),
                },
                {
                  header: "Details",
                  hideOnMobile: true,
                  cell: (e) => (
                    <details>
                      <summary className="cursor-pointer text-zinc-600">payload · hash {e.hash.slice(0, 8)}</summary>
                      <pre className="mt-2 max-w-md overflow-x-auto whitespace-pre-wrap text-xs">{JSON.stringify(e.payload, null, 2)}</pre>
                      <p className="mt-1 break-all font-mono text-[11px] text-zinc-500">prev {e.prevHash}</p>
                      <p className="break-all font-mono text-[11px] text-zinc-500">hash {e.hash}</p>
                    </details>
                  ),
                },
              ]}
            />
            <nav aria-label="Pagination" className="flex justify-end gap-2">
              {filter.before && (
                <Link
                  className="rounded-md px-3 py-2 text-sm ring-1 ring-zinc-300 hover:bg-zinc-50"
                  href={hrefWith("/admin/audit", sp, { before: undefined })}
                >
                  Newest
                </Link>
              )}
              {page.nextBefore && (
                <Link
                  className="rounded-md px-3 py-2 text-sm ring-1 ring-zinc-300 hover:bg-zinc-50"
                  href={hrefWith("/admin/audit", sp, { before: page.nextBefore })}
                  rel="next"
                >
                  Older
                </Link>
              )}
            </nav>
          </>
        )}
      </div>
    </>
  );
}
