import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/app/_components/button";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { CursorPagination } from "@/app/_components/pagination";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listStudioOrders } from "@/lib/orders/read-orders";
import { OrderStatusBadge, PaymentStatusBadge } from "@/app/_components/order-status-badge";

export const metadata: Metadata = { title: "Orders" };

type Page = Awaited<ReturnType<typeof listStudioOrders>>;

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["STUDIO"]);
  const sp = await searchParams;
  let page: Page;
  try {
    page = await listStudioOrders({ db: db(), actor, page: { cursor: param(sp, "cursor"), limit: 20 } });
  } catch (err) {
    // A cursor that is not a valid id (edited by hand): start from the newest again.
    if (!(err instanceof AppError && err.code === "VALIDATION")) throw err;
    page = await listStudioOrders({ db: db(), actor, page: { limit: 20 } });
  }
  return (
    <>
      <PageHeader
        title="Orders"
        description="What your studio paid for: each order's render, review, delivery and refunds, newest first."
      />
      <DataTable
        caption="Orders"
        rows={page.items}
        rowKey={(o) => o.id}
        empty={
          <EmptyState
            title="No orders yet"
            description="When the talent approves one of your requests, pay for it on the request's page; its render and delivery are followed here."
            action={
              <ButtonLink href="/studio/requests?status=approved" variant="primary">
                Approved requests
              </ButtonLink>
            }
          />
        }
        columns={[
          {
            header: "Order",
            cell: (o) => (
              <Link href={`/studio/orders/${o.id}`} className="font-medium text-accent-700 hover:underline">
                {o.request.title}
              </Link>
            ),
          },
          { header: "Talent", cell: (o) => o.profile.displayName, hideOnMobile: true },
          { header: "Status", cell: (o) => <OrderStatusBadge status={o.status} /> },
          { header: "Payment", cell: (o) => <PaymentStatusBadge status={o.paymentStatus} />, hideOnMobile: true },
          { header: "Amount", align: "right", cell: (o) => <Money minor={o.amountMinor} currency={o.currency} /> },
          { header: "Ordered", hideOnMobile: true, cell: (o) => <DateTime value={o.createdAt} /> },
        ]}
      />
      <CursorPagination nextCursor={page.nextCursor} pathname="/studio/orders" searchParams={sp} />
    </>
  );
}
