import type { Actor } from "@/lib/auth/actor";
import { managedPrincipalIds, requireRole } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { transferredUserIds } from "./pay-out-order";

export type EarningsRow = {
  orderId: string;
  date: Date;
  title: string;
  studio: string;
  talent: string;
  status: string;
  currency: string;
  grossMinor: number;
  platformFeeMinor: number;
  agentCommissionMinor: number;
  talentShareMinor: number;
  refundsMinor: number;
  /** What the viewer earns from the order (talent share for the principal, commission for the agent). */
  yourShareMinor: number;
  paidOut: boolean;
};

export type MonthTotal = Omit<EarningsRow, "orderId" | "date" | "title" | "studio" | "talent" | "status" | "paidOut"> & {
  month: string;
  orders: number;
};

/** At most this many orders are listed (newest first); totals cover the same orders. */
export const EARNINGS_LIMIT = 1000;

/**
 * The money of every paid order on the likenesses the actor is the principal
 * of, or earns a commission on, straight from the ledger: gross, platform fee,
 * agent commission, talent share, refunds, and the viewer's own share, with
 * totals per month and currency. The ledger is the one record, so this page
 * and the payment provider agree.
 */
export async function earningsFor(opts: {
  db: Db;
  actor: Actor;
}): Promise<{ rows: EarningsRow[]; months: MonthTotal[]; truncated: boolean }> {
  const { db, actor } = opts;
  requireRole(actor, ["TALENT", "ESTATE", "AGENT"]);
  const principals = await managedPrincipalIds(db, actor);
  const orders = await db.order.findMany({
    where: {
      paymentStatus: { not: "unpaid" },
      OR: [{ profile: { principalUserId: { in: principals } } }, { ledger: { some: { userId: actor.userId } } }],
    },
    orderBy: [{ paidAt: "desc" }, { id: "desc" }],
    take: EARNINGS_LIMIT + 1,
    include: {
      ledger: true,
      request: { select: { title: true } },
      studio: { select: { name: true } },
      profile: { select: { displayName: true } },
    },
  });
  const truncated = orders.length > EARNINGS_LIMIT;
  const rows: EarningsRow[] = [];
  for (const o of orders.slice(0, EARNINGS_LIMIT)) {
    const sum = (kind: string, userId?: string) =>
      o.ledger.filter((e) => e.kind === kind && (userId === undefined || e.userId === userId)).reduce((s, e) => s + e.amountMinor, 0);
    const mine = o.ledger.filter((e) => e.userId === actor.userId).reduce((s, e) => s + e.amountMinor, 0);
    const paid = await transferredUserIds(db, o.id);
    rows.push({
      orderId: o.id,
      date: o.deliveredAt ?? o.paidAt ?? o.createdAt,
      title: o.request.title,
      studio: o.studio.name,
      talent: o.profile.displayName,
      status: o.status,
      currency: o.currency,
      grossMinor: sum("charge"),
      platformFeeMinor: sum("platform_fee"),
      agentCommissionMinor: sum("agent_commission"),
      talentShareMinor: sum("talent_share"),
      refundsMinor: Math.abs(sum("refund")),
      yourShareMinor: mine,
      paidOut: mine > 0 && paid.has(actor.userId),
    });
  }
  return { rows, months: monthTotals(rows), truncated };
}

/** Totals per calendar month (UTC) and currency, newest month first. */
export function monthTotals(rows: EarningsRow[]): MonthTotal[] {
  const byKey = new Map<string, MonthTotal>();
  for (const r of rows) {
    const month = r.date.toISOString().slice(0, 7);
    const key = `${month} ${r.currency}`;
    const t = byKey.get(key) ?? {
      month,
      currency: r.currency,
      orders: 0,
      grossMinor: 0,
      platformFeeMinor: 0,
      agentCommissionMinor: 0,
      talentShareMinor: 0,
      refundsMinor: 0,
      yourShareMinor: 0,
    };
    t.orders++;
    t.grossMinor += r.grossMinor;
    t.platformFeeMinor += r.platformFeeMinor;
    t.agentCommissionMinor += r.agentCommissionMinor;
    t.talentShareMinor += r.talentShareMinor;
    t.refundsMinor += r.refundsMinor;
    t.yourShareMinor += r.yourShareMinor;
    byKey.set(key, t);
  }
  return [...byKey.values()].sort((a, b) => (a.month === b.month ? a.currency.localeCompare(b.currency) : b.month.localeCompare(a.month)));
}

const CSV_COLUMNS: Array<[string, (r: EarningsRow) => string]> = [
  ["date", (r) => r.date.toISOString().slice(0, 10)],
  ["order", (r) => r.orderId],
  ["project", (r) => r.title],
  ["studio", (r) => r.studio],
  ["talent", (r) => r.talent],
  ["status", (r) => r.status],
  ["currency", (r) => r.currency],
  ["gross", (r) => minor(r.grossMinor)],
  ["platform_fee", (r) => minor(r.platformFeeMinor)],
  ["agent_commission", (r) => minor(r.agentCommissionMinor)],
  ["talent_share", (r) => minor(r.talentShareMinor)],
  ["refunds", (r) => minor(r.refundsMinor)],
  ["your_share", (r) => minor(r.yourShareMinor)],
  ["paid_out", (r) => (r.paidOut ? "yes" : "no")],
];

function minor(n: number): string {
  return (n / 100).toFixed(2);
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function earningsCsv(rows: EarningsRow[]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [CSV_COLUMNS.map(([h]) => h).join(",")];
  for (const r of rows) lines.push(CSV_COLUMNS.map(([, f]) => cell(f(r))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
