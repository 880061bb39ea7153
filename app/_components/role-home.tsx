import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { ROLE_NAV } from "@/app/_lib/navigation";
import { ROLE_LABELS } from "@/lib/users/types";
import { PageHeader } from "./page-header";

/** A role's home: who is signed in, and the role's pages as cards. */
export function RoleHome({ actor, description }: { actor: Actor; description: string }) {
  return (
    <>
      <PageHeader title={`Welcome, ${actor.name}`} description={description} />
      <p className="mb-4 text-sm text-zinc-500">
        Signed in as {actor.email} · {ROLE_LABELS[actor.role]} account
      </p>
      <nav aria-label={`${ROLE_LABELS[actor.role]} pages`}>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {ROLE_NAV[actor.role].map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                className="block h-full rounded-lg border border-zinc-200 bg-white p-5 shadow-sm transition hover:border-accent-200 hover:shadow"
              >
                <span className="font-semibold text-zinc-900">{item.label}</span>
                <span className="mt-1 block text-sm text-zinc-600">{item.description}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
