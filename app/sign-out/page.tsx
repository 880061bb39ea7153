import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { getActor } from "@/app/_lib/actor";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  const actor = await getActor();
  if (!actor) redirect("/");
  return (
    <div className="mx-auto max-w-sm py-10 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Sign out</h1>
      <p className="mt-2 text-sm text-zinc-600">You are signed in as {actor.email}.</p>
      <div className="mt-6 flex justify-center">
        <SignOutButton variant="primary" />
      </div>
    </div>
  );
}
