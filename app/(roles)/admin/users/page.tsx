import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { CursorPagination } from "@/app/_components/pagination";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { listUsers } from "@/lib/admin/users";
import { db } from "@/lib/db/client";
import { ROLE_LABELS } from "@/lib/users/types";
import { AccountStatusForm } from "./account-status-form";

export const metadata: Metadata = { title: "Users" };

const input = "h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm";
const ROLES = ["TALENT", "AGENT", "ESTATE", "STUDIO", "ADMIN"] as const;

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["ADMIN"]);
  const sp = await searchParams;
  const q = param(sp, "q") || undefined;
  const roleParam = param(sp, "role");
  const role = ROLES.find((r) => r === roleParam);
  const page = await listUsers({ db: db(), actor, filter: { q, role }, page: { cursor: param(sp, "cursor"), limit: 25 } });
  const filtered = Boolean(q || role);
  return (
    <>
      <PageHeader
        title="Users"
        description="Every account on the platform. Passwords are stored only as slow hashes and never shown. Disabling an account stops its sessions and API keys at their next request."
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter users">
        <label className="flex flex-col gap-1 text-sm font-medium text-zinc-700">
          Search name or email
          <input name="q" defaultValue={q ?? ""} className={input} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-zinc-700">
          Role
          <select name="role" defaultValue={role ?? ""} className={input}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700">
          Filter
        </button>
        {filtered && (
          <Link href="/admin/users" className="h-9 px-2 text-sm leading-9 text-zinc-600 hover:text-zinc-900">
            Clear
          </Link>
        )}
      </form>
      <DataTable
        caption="Users"
        rows={page.items}
        rowKey={(u) => u.id}
        empty={
          <EmptyState
            title={filtered ? "No users match" : "No users yet"}
            description={filtered ? "Try another name, email or role." : "Accounts appear here as people sign up."}
          />
        }
        columns={[
          { header: "Name", cell: (u) => <span className="font-medium">{u.name}</span> },
          { header: "Email", cell: (u) => u.email },
          { header: "Role", cell: (u) => ROLE_LABELS[u.role] },
          {
            header: "Studio",
            hideOnMobile: true,
            cell: (u) => (u.studioMembership ? `${u.studioMembership.studio.name} (${u.studioMembership.role.toLowerCase()})` : "—"),
          },
          { header: "Joined", hideOnMobile: true, cell: (u) => <DateTime value={u.createdAt} /> },
          { header: "Status", cell: (u) => (u.disabledAt ? <Badge tone="neutral">Disabled</Badge> : <Badge tone="success">Active</Badge>) },
          {
            header: <span className="sr-only">Disable or enable</span>,
            align: "right",
            cell: (u) =>
              u.id === actor.userId ? null : <AccountStatusForm userId={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />,
          },
          {
            header: <span className="sr-only">Audit</span>,
            align: "right",
            cell: (u) => (
              <Link className="text-sm text-accent-700 hover:underline" href={`/admin/audit?actor=${encodeURIComponent(u.email)}`}>
                Activity
              </Link>
            ),
          },
        ]}
      />
      <CursorPagination nextCursor={page.nextCursor} pathname="/admin/users" searchParams={sp} />
    </>
  );
}
