import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { Money } from "@/app/_components/money";
import { StatusBadge } from "@/app/_components/status-badge";
import type { RequestStatus } from "@/lib/requests/state-machine";
import type { ReactNode } from "react";

export type RequestRow = {
  id: string;
  title: string;
  status: string;
  priceMinor: number;
  currency: string;
  createdAt: Date;
  outputSeconds: number;
  profile: { displayName: string };
  offer: { title: string };
};

/** The studio's requests as a table: title (a link to the detail), talent, status, price, date. */
export function RequestTable({ rows, empty, caption }: { rows: RequestRow[]; empty: ReactNode; caption: string }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.id}
      empty={empty}
      columns={[
        {
          header: "Request",
          cell: (r) => (
            <Link href={`/studio/requests/${r.id}`} className="font-medium text-accent-700 hover:underline">
              {r.title}
            </Link>
          ),
        },
        { header: "Talent", cell: (r) => r.profile.displayName },
        { header: "Offer", cell: (r) => r.offer.title, hideOnMobile: true },
        { header: "Status", cell: (r) => <StatusBadge status={r.status as RequestStatus} /> },
        { header: "Price", align: "right", hideOnMobile: true, cell: (r) => <Money minor={r.priceMinor} currency={r.currency} /> },
        { header: "Created", hideOnMobile: true, cell: (r) => <DateTime value={r.createdAt} /> },
      ]}
    />
  );
}
