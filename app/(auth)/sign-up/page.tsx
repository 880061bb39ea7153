import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  if (await getActor()) redirect("/dashboard");
  const role = param(await searchParams, "role")?.toUpperCase();
  return (
    <div className="mx-auto max-w-xl py-6">
      <h1 className="text-2xl font-semibold tracking-tight">Create your Likeness account</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Already have one?{" "}
        <Link href="/sign-in" className="font-medium text-accent-700 hover:underline">
          Sign in
        </Link>
      </p>
      <div className="mt-6 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
        <SignUpForm defaultRole={role} />
      </div>
      <p className="mt-4 text-xs text-zinc-500">
        Creating an account does not grant any license or consent. Talent sign a separate consent document before any likeness is used; see{" "}
        <Link href="/privacy/biometrics" className="underline">
          how biometric data is handled
        </Link>
        .
      </p>
    </div>
  );
}
