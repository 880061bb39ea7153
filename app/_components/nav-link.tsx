"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/app/_lib/cx";

/** A nav link marked current on its own page and the pages below it. */
export function NavLink({
  href,
  children,
  className,
  activeClassName,
  exact = false,
}: {
  href: string;
  children: React.ReactNode;
  className?: string;
  activeClassName?: string;
  exact?: boolean;
}) {
  const pathname = usePathname();
  const active = pathname === href || (!exact && pathname.startsWith(`${href}/`));
  return (
    <Link href={href} aria-current={active ? "page" : undefined} className={cx(className, active && activeClassName)}>
      {children}
    </Link>
  );
}
