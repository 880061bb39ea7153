"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { publicBaseUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { refreshPayoutAccount, startPayoutOnboarding } from "@/lib/payments/payout-accounts";

const EARNERS = ["TALENT", "ESTATE", "AGENT"] as const;

/**
 * Creates the payout account (once) and sends the person to the provider's
 * onboarding: Stripe's Express pages, or the local test stand-in. Stripe sends
 * them back to /earnings when they finish, or with ?payouts=expired when the
 * link has expired (they start again from there).
 */
export async function startPayoutOnboardingAction(_prev: ActionState, _form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(EARNERS);
    const base = publicBaseUrl();
    const { url } = await startPayoutOnboarding({
      db: db(),
      actor,
      meta: await requestMeta(),
      returnUrl: `${base}/earnings?payouts=returned`,
      refreshUrl: `${base}/earnings?payouts=expired`,
    });
    redirect(url);
  });
}

/** Asks the provider whether payouts are enabled now (after onboarding) and stores the answer. */
export async function refreshPayoutAccountAction(_prev: ActionState, _form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(EARNERS);
    const account = await refreshPayoutAccount({ db: db(), actor, meta: await requestMeta() });
    revalidatePath("/earnings");
    if (!account.payoutsEnabled) {
      return { message: "The payment provider has not enabled payouts yet. Finish its setup steps, then check again." };
    }
    return {
      message:
        account.payoutsQueued > 0
          ? `Payouts are enabled. The shares held so far (${account.payoutsQueued} ${account.payoutsQueued === 1 ? "order" : "orders"}) are on their way.`
          : "Payouts are enabled.",
    };
  });
}
