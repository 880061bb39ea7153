import type { Metadata } from "next";
import Link from "next/link";
import { OrderStatusBadge } from "@/app/_components/order-status-badge";
import { Badge } from "@/app/_components/badge";
import { buttonClass } from "@/app/_components/button-styles";
import { Card } from "@/app/_components/card";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { DetailList } from "@/app/_components/detail-list";
import { EmptyState } from "@/app/_components/empty-state";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { EARNINGS_LIMIT, earningsFor, type EarningsRow } from "@/lib/orders/earnings";
import { payoutAccountOf, type PayoutAccountView } from "@/lib/payments/payout-accounts";
import { CheckPayoutsForm, SetUpPayoutsForm } from "./payout-forms";

export const metadata: Metadata = { title: "Earnings" };

const PROVIDER_LABELS: Record<string, string> = { stripe: "Stripe Connect", local: "Local test stand-in (no real money)" };

const monthLabel = (month: string) =>
  new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));

/** Per currency: the viewer's shares of delivered orders that have not been transferred yet. */
function notPaidOut(rows: EarningsRow[]): Array<{ currency: string; minor: number }> {
  const byCurrency = new Map<string, number>();
  for (const r of rows) {
    if (r.yourShareMinor > 0 && !r.paidOut) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + r.yourShareMinor);
  }
  return [...byCurrency].map(([currency, minor]) => ({ currency, minor }));
}

function PayoutsCard({
  actor,
  account,
  held,
  notice,
}: {
  actor: Actor;
  account: PayoutAccountView | null;
  held: Array<{ currency: string; minor: number }>;
  notice: string | undefined;
}) {
  const heldText =
    held.length > 0 ? (
      <>
        {held.map((h, i) => (
          <span key={h.currency}>
            {i > 0 && ", "}
            <Money minor={h.minor} currency={h.currency} />
          </span>
        ))}
      </>
    ) : null;
  const share = actor.role === "AGENT" ? "commission" : "share";
  return (
    <Card
      title="Payouts"
      description={`Your ${share} of each delivered order is transferred to your payout account by the payment provider.`}
      actions={account?.payoutsEnabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="warning">Not set up</Badge>}
    >
      <div className="space-y-4">
        {notice === "expired" && (
          <Notice tone="warning" title="The setup link expired">
            Start the setup again; you continue where you left off.
          </Notice>
        )}
        {notice === "returned" && !account?.payoutsEnabled && (
          <Notice tone="info" title="Back from the payment provider">
            If you finished its steps, check the status: the provider may take a moment to enable payouts.
          </Notice>
        )}
        {account?.payoutsEnabled ? (
          <>
            <DetailList
              items={[
                { label: "Provider", value: PROVIDER_LABELS[account.provider] ?? account.provider },
                { label: "Account", value: <span className="font-mono text-xs">{account.accountId}</span> },
                ...(heldText ? [{ label: "On its way", value: heldText }] : []),
              ]}
            />
            <CheckPayoutsForm />
          </>
        ) : (
          <>
            <p className="text-sm text-zinc-700">
              Until your payout account is enabled, your {share}s are held: nothing is lost, and everything held is paid out as soon as
              payouts are enabled.
              {heldText && <> Held now: {heldText}.</>}
            </p>
            <div className="flex flex-wrap gap-2">
              <SetUpPayoutsForm label={account ? "Continue payout setup" : "Set up payouts"} />
              {account && <CheckPayoutsForm />}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}

export default async function EarningsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
  const query = await searchParams;
  const [{ rows, months, truncated }, account] = await Promise.all([
    earningsFor({ db: db(), actor }),
    payoutAccountOf({ db: db(), actor }),
  ]);

  return (
    <>
      <PageHeader
        title="Earnings"
        description={
          actor.role === "AGENT"
            ? "Every paid order on the likenesses of the talent you represent, the money it made and your commission, straight from the ledger."
            : "Every paid order on your likeness and the money it made: what the studio paid, the platform fee, any agent commission and your share, straight from the ledger."
        }
        actions={
          rows.length > 0 ? (
            <a href="/earnings/export.csv" download className={buttonClass("secondary")}>
              Export CSV
            </a>
          ) : undefined
        }
      />
      <div className="space-y-6">
        <PayoutsCard actor={actor} account={account} held={notPaidOut(rows)} notice={param(query, "payouts")} />
        {truncated && (
          <Notice tone="info" title={`Showing the newest ${EARNINGS_LIMIT.toLocaleString("en-US")} orders`}>
            The totals and the CSV cover the same orders.
          </Notice>
        )}
        {rows.length === 0 ? (
          <EmptyState
            title="No earnings yet"
            description="When a studio pays for an order on your likeness, it appears here; your share is booked when the output is delivered."
            action={
              <Link href="/inbox/orders" className="text-sm font-medium text-accent-700 hover:text-accent-900">
                See your orders
              </Link>
            }
          />
        ) : (
          <>
            <section aria-labelledby="months-heading" className="space-y-3">
              <h2 id="months-heading" className="text-base font-semibold text-zinc-900">
                Totals per month
              </h2>
              <DataTable
                caption="Totals per month and currency"
                rows={months}
                rowKey={(m) => `${m.month}-${m.currency}`}
                columns={[
                  { header: "Month", cell: (m) => monthLabel(m.month) },
                  { header: "Currency", cell: (m) => m.currency.toUpperCase(), hideOnMobile: true },
                  { header: "Orders", align: "right", cell: (m) => m.orders, hideOnMobile: true },
                  {
                    header: "Gross",
                    align: "right",
                    cell: (m) => <Money minor={m.grossMinor} currency={m.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Platform fee",
                    align: "right",
                    cell: (m) => <Money minor={m.platformFeeMinor} currency={m.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Agent commission",
                    align: "right",
                    cell: (m) => <Money minor={m.agentCommissionMinor} currency={m.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Talent share",
                    align: "right",
                    cell: (m) => <Money minor={m.talentShareMinor} currency={m.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Refunds",
                    align: "right",
                    cell: (m) => <Money minor={m.refundsMinor || 0} currency={m.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Your share",
                    align: "right",
                    cell: (m) => <Money minor={m.yourShareMinor} currency={m.currency} />,
                    className: "font-semibold",
                  },
                ]}
              />
            </section>
            <section aria-labelledby="orders-heading" className="space-y-3">
              <h2 id="orders-heading" className="text-base font-semibold text-zinc-900">
                Orders
              </h2>
              <DataTable
                caption="Earnings per order"
                rows={rows}
                rowKey={(r) => r.orderId}
                columns={[
                  { header: "Date", cell: (r) => <DateTime value={r.date} /> },
                  {
                    header: "Project",
                    cell: (r) => (
                      <div>
                        <Link href={`/inbox/orders/${r.orderId}`} className="font-medium text-accent-700 hover:text-accent-900">
                          {r.title}
                        </Link>
                        <div className="mt-1">
                          <OrderStatusBadge status={r.status} viewer="talent" />
                        </div>
                      </div>
                    ),
                  },
                  { header: "Studio", cell: (r) => r.studio, hideOnMobile: true },
                  { header: "Talent", cell: (r) => r.talent, hideOnMobile: true },
                  {
                    header: "Gross",
                    align: "right",
                    cell: (r) => <Money minor={r.grossMinor} currency={r.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Platform fee",
                    align: "right",
                    cell: (r) => <Money minor={r.platformFeeMinor} currency={r.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Agent commission",
                    align: "right",
                    cell: (r) => <Money minor={r.agentCommissionMinor} currency={r.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Talent share",
                    align: "right",
                    cell: (r) => <Money minor={r.talentShareMinor} currency={r.currency} />,
                    hideOnMobile: true,
                  },
                  // earningsFor negates the refund sum, which is -0 without refunds: shown as $0.00, not -$0.00.
                  {
                    header: "Refunds",
                    align: "right",
                    cell: (r) => <Money minor={r.refundsMinor || 0} currency={r.currency} />,
                    hideOnMobile: true,
                  },
                  {
                    header: "Your share",
                    align: "right",
                    cell: (r) => <Money minor={r.yourShareMinor} currency={r.currency} />,
                    className: "font-semibold",
                  },
                  {
                    header: "Paid out",
                    cell: (r) =>
                      r.yourShareMinor <= 0 ? (
                        <span className="text-zinc-400">—</span>
                      ) : r.paidOut ? (
                        <Badge tone="success">Paid out</Badge>
                      ) : (
                        <Badge tone={account?.payoutsEnabled ? "info" : "warning"}>{account?.payoutsEnabled ? "On its way" : "Held"}</Badge>
                      ),
                  },
                ]}
              />
            </section>
          </>
        )}
      </div>
    </>
  );
}
