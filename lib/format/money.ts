import { CURRENCY_EXPONENT, type Currency } from "@/lib/licensing/vocabulary";

// Prices are stored as integers in the currency's minor unit (cents; yen have
// none) so that arithmetic is exact; these turn them into text for people.

function exponent(currency: string): number {
  return CURRENCY_EXPONENT[currency as Currency] ?? 2;
}

/** 150000, "USD" -> "$1,500.00"; 1500, "JPY" -> "¥1,500". */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exp = exponent(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).format(minor / 10 ** exp);
}

/** A price per output second, e.g. "$12.50 / s". */
export function formatRate(minorPerSecond: number, currency: string, locale = "en-US"): string {
  return `${formatMoney(minorPerSecond, currency, locale)} / s`;
}

/** "1,500.00" typed in a form -> 150000 minor units; null when it is not an amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const cleaned = text.replace(/[,\s]/g, "");
  const exp = exponent(currency);
  const pattern = exp === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${exp}})?$`);
  if (!pattern.test(cleaned)) return null;
  const [whole = "0", frac = ""] = cleaned.split(".");
  return Number(whole) * 10 ** exp + Number(frac.padEnd(exp, "0") || "0");
}
