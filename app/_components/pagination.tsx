import Link from "next/link";
import { hrefWith, type SearchParams } from "@/app/_lib/search-params";

const box = "h-9 min-w-9 items-center justify-center rounded-md px-3 text-sm font-medium ring-1 ring-inset";
const idle = "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50";
const linkClass = `inline-flex ${box} ${idle}`;
// Page numbers only from the small breakpoint up; phones get Previous/Next.
const numberClass = (current: boolean) => `hidden sm:inline-flex ${box} ${current ? "bg-accent-50 text-accent-800 ring-accent-200" : idle}`;
const disabledClass =
  "inline-flex h-9 min-w-9 items-center justify-center rounded-md px-3 text-sm text-zinc-400 ring-1 ring-inset ring-zinc-200 bg-zinc-50";

/** The page numbers to show: first, last, and a window around the current one (0 = gap). */
function pageWindow(page: number, count: number): number[] {
  const pages = new Set([1, count, page - 1, page, page + 1].filter((p) => p >= 1 && p <= count));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: number[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) out.push(0);
    out.push(p);
  });
  return out;
}

type PageProps = { page: number; pageCount: number; pathname: string; searchParams: SearchParams; param?: string };

/** Numbered page links that keep the other query parameters (filters). */
export function Pagination({ page, pageCount, pathname, searchParams, param = "page" }: PageProps) {
  if (pageCount <= 1) return null;
  const href = (p: number) => hrefWith(pathname, searchParams, { [param]: p === 1 ? undefined : p });
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2">
      <p className="text-sm text-zinc-600">
        Page {page} of {pageCount}
      </p>
      <div className="flex flex-wrap gap-1.5">
        {page > 1 ? (
          <Link className={linkClass} href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={disabledClass}>Previous</span>
        )}
        {pageWindow(page, pageCount).map((p, i) =>
          p === 0 ? (
            <span key={`gap-${i}`} className="hidden px-1 text-zinc-400 sm:inline">
              …
            </span>
          ) : (
            <Link key={p} href={href(p)} aria-current={p === page ? "page" : undefined} className={numberClass(p === page)}>
              {p}
            </Link>
          ),
        )}
        {page < pageCount ? (
          <Link className={linkClass} href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : (
          <span className={disabledClass}>Next</span>
        )}
      </div>
    </nav>
  );
}

type CursorProps = { nextCursor: string | null; pathname: string; searchParams: SearchParams; param?: string };

/** Keyset pagination: "Newest" back to the first page, and "Older" while there is a next cursor. */
export function CursorPagination({ nextCursor, pathname, searchParams, param = "cursor" }: CursorProps) {
  const onFirst = !searchParams[param];
  if (onFirst && !nextCursor) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2">
      {onFirst ? (
        <span className={disabledClass}>Newest</span>
      ) : (
        <Link className={linkClass} href={hrefWith(pathname, searchParams, { [param]: undefined })}>
          Newest
        </Link>
      )}
      {nextCursor ? (
        <Link className={linkClass} href={hrefWith(pathname, searchParams, { [param]: nextCursor })} rel="next">
          Older
        </Link>
      ) : (
        <span className={disabledClass}>Older</span>
      )}
    </nav>
  );
}
