import type { Metadata } from "next";
import { ButtonLink } from "./_components/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-accent-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">We could not find that page</h1>
      <p className="mt-2 text-sm text-zinc-600">
        The link may be out of date, or the item may have been removed or belong to another account.
      </p>
      <div className="mt-6 flex justify-center gap-2">
        <ButtonLink href="/dashboard" variant="primary">
          Go to your home
        </ButtonLink>
        <ButtonLink href="/">Likeness home</ButtonLink>
      </div>
    </div>
  );
}
