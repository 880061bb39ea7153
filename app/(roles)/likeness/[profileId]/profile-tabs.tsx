"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/app/_lib/cx";

/** The profile's sections; the overview is current only on its own URL, the others on their sub-pages too. */
export function ProfileTabs({ profileId }: { profileId: string }) {
  const pathname = usePathname();
  const base = `/likeness/${profileId}`;
  const tabs = [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/consent`, label: "Consent" },
    { href: `${base}/photos`, label: "Likeness set" },
    { href: `${base}/verify`, label: "Verification" },
    { href: `${base}/offers`, label: "Offers" },
  ];
  return (
    <nav aria-label="Profile sections" className="-mx-4 mb-6 overflow-x-auto border-b border-zinc-200 px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-1">
        {tabs.map((t) => {
          const active = t.exact ? pathname === t.href : pathname === t.href || pathname.startsWith(`${t.href}/`);
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                className={cx(
                  "-mb-px inline-block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
                  active
                    ? "border-accent-600 text-accent-800"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
