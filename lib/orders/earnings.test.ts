import { describe, expect, it } from "vitest";
import { earningsCsv, monthTotals, type EarningsRow } from "./earnings";

const row = (over: Partial<EarningsRow>): EarningsRow => ({
  orderId: "o1",
  date: new Date("2026-11-05T10:00:00Z"),
  title: "Spring campaign",
  studio: "Northlight",
  talent: "Tia",
  status: "delivered",
  currency: "USD",
  grossMinor: 10_000,
  platformFeeMinor: 2_000,
  agentCommissionMinor: 800,
  talentShareMinor: 7_200,
  refundsMinor: 0,
  yourShareMinor: 7_200,
  paidOut: true,
  ...over,
});

describe("earnings", () => {
  it("totals each month and currency separately, newest month first", () => {
    const months = monthTotals([
      row({}),
      row({
        orderId: "o2",
        date: new Date("2026-11-20T00:00:00Z"),
        refundsMinor: 10_000,
        platformFeeMinor: 0,
        agentCommissionMinor: 0,
        talentShareMinor: 0,
        yourShareMinor: 0,
      }),
      row({ orderId: "o3", date: new Date("2026-10-01T00:00:00Z") }),
      row({ orderId: "o4", currency: "EUR" }),
    ]);
    expect(months.map((m) => [m.month, m.currency, m.orders])).toEqual([
      ["2026-11", "EUR", 1],
      ["2026-11", "USD", 2],
      ["2026-10", "USD", 1],
    ]);
    const nov = months[1]!;
    expect(nov).toMatchObject({ grossMinor: 20_000, refundsMinor: 10_000, talentShareMinor: 7_200, yourShareMinor: 7_200 });
  });

  it("writes a CSV with a header, amounts in major units, quoted text and formula-looking cells neutralised", () => {
    const csv = earningsCsv([row({ title: 'Ad, "hero" cut', studio: "=HYPERLINK(1)" })]);
    const [header, line] = csv.trim().split("\r\n");
    expect(header).toBe(
      "date,order,project,studio,talent,status,currency,gross,platform_fee,agent_commission,talent_share,refunds,your_share,paid_out",
    );
    expect(line).toBe(`2026-11-05,o1,"Ad, ""hero"" cut",'=HYPERLINK(1),Tia,delivered,USD,100.00,20.00,8.00,72.00,0.00,72.00,yes`);
  });
});
