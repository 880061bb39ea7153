// Dates are shown in UTC with the zone named: the server renders them, and the
// server's zone is neither the viewer's nor stable across machines. Contract
// dates (terms, campaigns) are whole days, so their UTC day is the day meant.

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const DAY_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

type DateInput = Date | string | number;
const toDate = (d: DateInput) => (d instanceof Date ? d : new Date(d));

/** "3 Mar 2026" */
export function formatDate(d: DateInput): string {
  return DAY.format(toDate(d));
}

/** "3 Mar 2026, 14:05 UTC" */
export function formatDateTime(d: DateInput): string {
  return `${DAY_TIME.format(toDate(d))} UTC`;
}

/** "3 Mar 2026 – 2 Mar 2027" */
export function formatDateRange(start: DateInput, end: DateInput): string {
  return `${formatDate(start)} – ${formatDate(end)}`;
}

/** The yyyy-mm-dd an <input type="date"> wants, in UTC. */
export function toDateInputValue(d: DateInput): string {
  return toDate(d).toISOString().slice(0, 10);
}

/** "in 3 days", "2 hours ago", relative to `now`. */
export function formatRelative(d: DateInput, now: Date = new Date()): string {
  const seconds = Math.round((toDate(d).getTime() - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 365 * 86400],
    ["month", 30 * 86400],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, "minute");
}
