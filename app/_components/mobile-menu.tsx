"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * A <details> disclosure for the phone nav (it opens without JavaScript). The
 * header survives client navigation, so the menu closes itself when the path
 * changes instead of staying open over the new page.
 */
export function MobileMenu({ summary, summaryClassName, children }: { summary: ReactNode; summaryClassName: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);
  return (
    <details ref={ref} className="relative ml-auto lg:hidden">
      <summary className={`${summaryClassName} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>{summary}</summary>
      <div className="absolute right-0 z-40 mt-2 w-64 rounded-lg border border-zinc-200 bg-white p-2 shadow-lg">{children}</div>
    </details>
  );
}
