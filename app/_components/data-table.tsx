import type { ReactNode } from "react";
import { cx } from "@/app/_lib/cx";

export type Column<Row> = {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: "left" | "right";
  /** Hide below the small breakpoint, to keep phone tables to the essentials. */
  hideOnMobile?: boolean;
  className?: string;
};

type Props<Row> = {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows (usually an <EmptyState>). */
  empty?: ReactNode;
  caption?: string;
};

/** A readable, horizontally scrollable table; columns render cells from a row. */
export function DataTable<Row>({ columns, rows, rowKey, empty, caption }: Props<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  const cellClass = (c: Column<Row>) =>
    cx("px-4 py-3", c.align === "right" && "text-right tabular-nums", c.hideOnMobile && "hidden sm:table-cell", c.className);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-zinc-50">
          <tr>
            {columns.map((c, i) => (
              <th
                key={i}
                scope="col"
                className={cx(
                  cellClass(c),
                  "py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500",
                  c.align === "right" && "text-right",
                )}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-zinc-50/60">
              {columns.map((c, i) => (
                <td key={i} className={cx(cellClass(c), "align-top text-zinc-800")}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
