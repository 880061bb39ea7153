import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getActor } from "@/app/_lib/actor";
import { safeCallbackPath } from "@/app/_lib/safe-callback";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackPath(param(sp, "callbackUrl"));
  if (await getActor()) redirect(callbackUrl);
  return (
    <div className="mx-auto max-w-sm py-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600">
        New to Likeness?{" "}
        <Link href="/sign-up" className="font-medium text-accent-700 hover:underline">
          Create an account
        </Link>
      </p>
      <div className="mt-6 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
        <SignInForm callbackUrl={callbackUrl} initialError={param(sp, "error")} />
      </div>
    </div>
  );
}
