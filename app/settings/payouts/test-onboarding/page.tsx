import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/app/_components/card";
import { DetailList } from "@/app/_components/detail-list";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams } from "@/app/_lib/search-params";
import { paymentConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { payoutAccountOf } from "@/lib/payments/payout-accounts";
import { FinishOnboardingForm } from "./finish-form";

export const metadata: Metadata = { title: "Test payout onboarding" };

// The local stand-in for Stripe's Express onboarding, reached from the link the
// local provider returns (?account=lacct_...). No identity check and no bank
// account: it only lets a local or demo install switch payouts on. It does not
// exist when Stripe is configured, and only the account's owner sees it.
export default async function TestOnboardingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  if (paymentConfig().stripeSecretKey) notFound();
  const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
  const accountId = param(await searchParams, "account");
  const account = await payoutAccountOf({ db: db(), actor });
  if (!account || !accountId || account.accountId !== accountId || account.provider !== "local") notFound();

  return (
    <>
      <PageHeader
        title="Test payout onboarding"
        description="The local stand-in for the payment provider's payout setup."
        breadcrumbs={[{ href: "/earnings", label: "Earnings" }]}
      />
      <div className="max-w-2xl space-y-6">
        <Notice tone="warning" title="Test stand-in: no real money, no identity check">
          This platform runs without Stripe, so payouts are simulated. With Stripe configured, this step is Stripe&apos;s own Express
          onboarding, which verifies your identity and bank account. Here nothing is checked and no money is ever transferred.
        </Notice>
        <Card title="Your test payout account">
          <DetailList
            items={[
              { label: "Account", value: <span className="font-mono text-xs">{account.accountId}</span> },
              { label: "Owner", value: `${actor.name} (${actor.email})` },
              { label: "Payouts", value: account.payoutsEnabled ? "Enabled" : "Not enabled yet" },
            ]}
          />
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <FinishOnboardingForm accountId={account.accountId} />
            <Link href="/earnings" className="text-sm font-medium text-zinc-600 hover:text-zinc-900">
              Cancel
            </Link>
          </div>
        </Card>
      </div>
    </>
  );
}
