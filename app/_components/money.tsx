import { formatMoney } from "@/lib/format/money";

/** An amount stored in minor units, e.g. <Money minor={150000} currency="USD" /> -> $1,500.00. */
export function Money({ minor, currency }: { minor: number; currency: string }) {
  return <span className="tabular-nums">{formatMoney(minor, currency)}</span>;
}
