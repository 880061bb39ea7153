import type { ReactNode } from "react";
import { cx } from "@/app/_lib/cx";

/** A white panel with an optional title row (title, description, actions). */
export function Card({
  title,
  description,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <section className={cx("rounded-lg border border-zinc-200 bg-white shadow-sm", className)}>
      {(title || actions) && (
        <div className="flex flex-col gap-2 border-b border-zinc-100 px-5 py-4 sm:flex-row sm:items-start sm:justify-between">
          <div>
            {title && <h2 className="text-base font-semibold text-zinc-900">{title}</h2>}
            {description && <p className="mt-0.5 text-sm text-zinc-600">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 gap-2">{actions}</div>}
        </div>
      )}
      {children && <div className="px-5 py-4">{children}</div>}
    </section>
  );
}
