import Link from "next/link";
import type { ReactNode } from "react";

type Crumb = { href: string; label: string };

/** A page's title, optional back-trail, one-line description and actions (buttons on the right). */
export function PageHeader({
  title,
  description,
  actions,
  breadcrumbs,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: Crumb[];
}) {
  return (
    <header className="mb-6">
      {breadcrumbs && breadcrumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
          {breadcrumbs.map((c, i) => (
            <span key={c.href}>
              {i > 0 && (
                <span className="mx-1.5" aria-hidden="true">
                  /
                </span>
              )}
              <Link href={c.href} className="hover:text-zinc-800">
                {c.label}
              </Link>
            </span>
          ))}
        </nav>
      )}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
          {description && <p className="mt-1 max-w-3xl text-sm text-zinc-600">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 flex-wrap gap-2">{actions}</div>}
      </div>
    </header>
  );
}
