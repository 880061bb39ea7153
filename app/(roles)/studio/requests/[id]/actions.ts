"use server";

import { revalidatePath } from "next/cache";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { withdrawRequest } from "@/lib/requests/withdraw-request";

export async function withdrawSwapRequest(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const requestId = String(form.get("requestId") ?? "");
    await withdrawRequest({ db: db(), actor, meta: await requestMeta(), requestId });
    revalidatePath(`/studio/requests/${requestId}`);
    return { message: "The request was withdrawn." };
  });
}
