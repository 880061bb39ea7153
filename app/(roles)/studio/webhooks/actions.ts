"use server";

import { revalidatePath } from "next/cache";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { removeStudioWebhook, setStudioWebhook } from "@/lib/studio-webhooks/studio-webhooks";

export type SetWebhookResult = { url: string; secret: string };

export async function setWebhook(_: ActionState<SetWebhookResult>, form: FormData) {
  return runAction<SetWebhookResult>(async () => {
    const actor = await requireActor(["STUDIO"]);
    const webhook = await setStudioWebhook({ db: db(), actor, meta: await requestMeta(), input: { url: String(form.get("url") ?? "") } });
    revalidatePath("/studio/webhooks");
    return { url: webhook.url, secret: webhook.secret };
  });
}

export async function removeWebhook(_: ActionState) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    await removeStudioWebhook({ db: db(), actor, meta: await requestMeta() });
    revalidatePath("/studio/webhooks");
    return { message: "The webhook was removed. No more events will be sent." };
  });
}
