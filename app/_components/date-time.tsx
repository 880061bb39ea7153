import { formatDate, formatDateTime } from "@/lib/format/date";

/** A <time> element in UTC; `withTime` adds hours and minutes. */
export function DateTime({ value, withTime = false }: { value: Date | string; withTime?: boolean }) {
  const d = value instanceof Date ? value : new Date(value);
  return <time dateTime={d.toISOString()}>{withTime ? formatDateTime(d) : formatDate(d)}</time>;
}
