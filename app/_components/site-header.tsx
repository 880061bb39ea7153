import Link from "next/link";
import { getActor } from "@/app/_lib/actor";
import { ROLE_NAV } from "@/app/_lib/navigation";
import { ROLE_HOME } from "@/app/_lib/roles";
import { ROLE_LABELS } from "@/lib/users/types";
import { buttonClass } from "./button-styles";
import { Logo } from "./logo";
import { MobileMenu } from "./mobile-menu";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

const linkClass = "whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900";
const activeClass = "bg-zinc-100 text-zinc-900";

/** Top bar: the signed-in role's pages and account menu, or sign-in links for visitors. */
export async function SiteHeader() {
  const actor = await getActor();
  const home = actor ? ROLE_HOME[actor.role] : "/";
  const nav = actor ? [{ href: home, label: "Home" }, ...ROLE_NAV[actor.role]] : [];
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Logo />
        {actor ? (
          <>
            <nav aria-label="Main" className="hidden flex-1 items-center gap-1 lg:flex">
              {nav.map((item) => (
                <NavLink key={item.href} href={item.href} exact={item.href === home} className={linkClass} activeClassName={activeClass}>
                  {item.label}
                </NavLink>
              ))}
            </nav>
            <div className="ml-auto hidden items-center gap-2 lg:flex">
              <Link href="/account" className="text-right text-sm leading-tight hover:text-zinc-900">
                <span className="block font-medium text-zinc-800">{actor.name}</span>
                <span className="block text-xs text-zinc-500">{ROLE_LABELS[actor.role]}</span>
              </Link>
              <SignOutButton />
            </div>
            {/* Phones: the same links behind a disclosure (works without JavaScript). */}
            <MobileMenu summary="Menu" summaryClassName={buttonClass("secondary", "sm")}>
              <p className="px-3 py-2 text-sm">
                <span className="block font-medium text-zinc-900">{actor.name}</span>
                <span className="text-xs text-zinc-500">{ROLE_LABELS[actor.role]}</span>
              </p>
              <nav aria-label="Main" className="flex flex-col">
                {nav.map((item) => (
                  <NavLink key={item.href} href={item.href} exact={item.href === home} className={linkClass} activeClassName={activeClass}>
                    {item.label}
                  </NavLink>
                ))}
                <NavLink href="/account" className={linkClass} activeClassName={activeClass}>
                  Account
                </NavLink>
              </nav>
              <div className="mt-1 border-t border-zinc-100 pt-1">
                <SignOutButton className="w-full justify-start" />
              </div>
            </MobileMenu>
          </>
        ) : (
          <div className="ml-auto flex items-center gap-2">
            <Link href="/sign-in" className={buttonClass("ghost", "sm")}>
              Sign in
            </Link>
            <Link href="/sign-up" className={buttonClass("primary", "sm")}>
              Create account
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
