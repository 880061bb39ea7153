"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { startCheckout } from "@/lib/orders/start-checkout";
import { choosePerformer } from "@/lib/requests/choose-performer";
import { withdrawRequest } from "@/lib/requests/withdraw-request";

export async function withdrawSwapRequest(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const requestId = formId(form, "requestId");
    await withdrawRequest({ db: db(), actor, meta: await requestMeta(), requestId });
    revalidatePath(`/studio/requests/${requestId}`);
    return { message: "The request was withdrawn." };
  });
}

/**
 * "Pay" on an approved request: the order is created once and the checkout
 * opened for the quoted price; the studio is sent to the checkout (Stripe, or
 * the local test-payment page), or to the order when it is already paid.
 */
export async function payForRequest(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const requestId = formId(form, "requestId");
    const checkout = await startCheckout({ db: db(), actor, meta: await requestMeta(), requestId });
    redirect(checkout.checkoutUrl);
  });
}

/** The studio chooses whose face in the footage is replaced (one of the performers the scan found). */
export async function choosePerformerAction(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const requestId = formId(form, "requestId");
    await choosePerformer({ db: db(), actor, meta: await requestMeta(), requestId, performerId: formId(form, "performerId") });
    revalidatePath(`/studio/requests/${requestId}`);
    return { message: "Performer saved: the render replaces this person's face." };
  });
}
