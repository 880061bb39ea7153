import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { StatusFilterForm } from "@/app/_components/status-filter-form";
import { EmptyState } from "@/app/_components/empty-state";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { CursorPagination } from "@/app/_components/pagination";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { listManagedOrders } from "@/lib/orders/read-orders";
import { ORDER_STATUS_LABELS, ORDER_STATUSES, type OrderStatus } from "@/lib/orders/state-machine";
import { OrderStatusBadge } from "@/app/_components/order-status-badge";

export const metadata: Metadata = { title: "Orders" };

const PATH = "/inbox/orders";
const isStatus = (s: string | undefined): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s ?? "");

/** The filter's words: the status the talent side acts on is "awaiting your review". */
const FILTER_LABELS: Record<OrderStatus, string> = { ...ORDER_STATUS_LABELS, in_review: "Awaiting your review" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
  const query = await searchParams;
  const raw = param(query, "status");
  const status = isStatus(raw) ? raw : undefined;
  const page = await listManagedOrders({ db: db(), actor, status, page: { cursor: param(query, "cursor"), limit: 20 } });

  return (
    <>
      <PageHeader
        title="Orders"
        description={
          actor.role === "AGENT"
            ? "Orders studios have paid for on the likenesses of the talent you represent: the render, outputs waiting for review, and deliveries."
            : "Orders studios have paid for on your likeness: the render, outputs waiting for your review, and deliveries."
        }
      />
      <div className="space-y-4">
        <StatusFilterForm
          action={PATH}
          id="orders-status"
          ariaLabel="Filter orders"
          value={status}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: FILTER_LABELS[s] }))}
        >
          {status !== "in_review" && (
            <Link
              href={`${PATH}?status=in_review`}
              className="self-end px-2 py-2.5 text-sm font-medium text-accent-700 hover:text-accent-900"
            >
              Awaiting review
            </Link>
          )}
        </StatusFilterForm>
        <DataTable
          caption="Orders"
          rows={page.items}
          rowKey={(o) => o.id}
          empty={
            <EmptyState
              title={status ? `No orders ${FILTER_LABELS[status].toLowerCase()}` : "No orders yet"}
              description={
                status
                  ? "Nothing matches this filter. Choose “All statuses” to see every order."
                  : "When a studio pays for an approved request, its order appears here with the render's progress; outputs of offers you review wait here for your decision."
              }
            />
          }
          columns={[
            {
              header: "Order",
              cell: (o) => (
                <div>
                  <Link href={`${PATH}/${o.id}`} className="font-medium text-accent-700 hover:text-accent-900">
                    {o.request.title}
                  </Link>
                  <p className="text-xs text-zinc-500">{o.studio.name}</p>
                </div>
              ),
            },
            { header: "Talent", cell: (o) => o.profile.displayName, hideOnMobile: true },
            { header: "Offer", cell: (o) => o.offer.title, hideOnMobile: true },
            { header: "Amount", align: "right", cell: (o) => <Money minor={o.amountMinor} currency={o.currency} /> },
            { header: "Status", cell: (o) => <OrderStatusBadge status={o.status} viewer="talent" /> },
            { header: "Ordered", cell: (o) => <DateTime value={o.createdAt} />, hideOnMobile: true },
          ]}
        />
        <CursorPagination nextCursor={page.nextCursor} pathname={PATH} searchParams={query} />
      </div>
    </>
  );
}
