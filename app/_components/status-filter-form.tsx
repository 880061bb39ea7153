import type { ReactNode } from "react";
import { Button } from "./button";

/**
 * The GET form that filters a list by status ("All statuses" or one of them),
 * shared by the request inbox and the order lists; `children` go after the
 * Filter button (shortcut links).
 */
export function StatusFilterForm({
  action,
  id,
  ariaLabel,
  value,
  options,
  children,
}: {
  action: string;
  id: string;
  ariaLabel: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  children?: ReactNode;
}) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-2" role="search" aria-label={ariaLabel}>
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
          Status
        </label>
        <select
          id={id}
          name="status"
          defaultValue={value ?? "all"}
          className="mt-1.5 block rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-200"
        >
          <option value="all">All statuses</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary">
        Filter
      </Button>
      {children}
    </form>
  );
}
