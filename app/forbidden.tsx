import type { Metadata } from "next";
import { ButtonLink } from "./_components/button";

export const metadata: Metadata = { title: "Not allowed" };

/** Rendered (with status 403) when requireActor refuses a signed-in user's role. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-accent-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page is not for your account</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Your account type does not have access here. If you need a different kind of account, sign out and create one.
      </p>
      <div className="mt-6 flex justify-center gap-2">
        <ButtonLink href="/dashboard" variant="primary">
          Go to your home
        </ButtonLink>
        <ButtonLink href="/sign-out">Sign out</ButtonLink>
      </div>
    </div>
  );
}
