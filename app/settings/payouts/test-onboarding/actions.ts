"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { paymentConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { refreshPayoutAccount } from "@/lib/payments/payout-accounts";

/**
 * "Finish onboarding" on the local stand-in: asks the (local) provider for the
 * account's status, which it always enables, stores it and returns to the
 * earnings page. refreshPayoutAccount refuses an account that is not the
 * actor's own (404).
 */
export async function finishTestOnboardingAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    if (paymentConfig().stripeSecretKey) notFound();
    const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
    await refreshPayoutAccount({ db: db(), actor, meta: await requestMeta(), accountId: formId(form, "accountId") });
    revalidatePath("/earnings");
    redirect("/earnings?payouts=returned");
  });
}
