import type { ReactNode } from "react";

/** Label/value pairs for detail pages (a request's terms, a consent record's evidence). */
export function DetailList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="divide-y divide-zinc-100">
      {items.map((item) => (
        <div key={item.label} className="grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
          <dt className="text-sm font-medium text-zinc-500">{item.label}</dt>
          <dd className="text-sm text-zinc-900 sm:col-span-2">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
