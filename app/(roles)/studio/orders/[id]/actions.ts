"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { chooseAfterRejection } from "@/lib/orders/after-rejection";
import type { TAfterRejection } from "@/lib/orders/types";
import { issueDownloadLink } from "@/lib/outputs/download-link";

export type DownloadLinkResult = { path: string; expiresAt: string };

/**
 * "Download": a signed link valid for a few minutes, issued to this member
 * (and recorded). The browser then opens it; the action answers the link
 * instead of redirecting because Next.js would follow a redirect to a route
 * handler on the server first, which would download (and record) the file once
 * more than the person did.
 */
export async function requestDownloadLink(_: ActionState<DownloadLinkResult>, form: FormData) {
  return runAction<DownloadLinkResult>(async () => {
    const actor = await requireActor(["STUDIO"]);
    const outputId = formId(form, "outputId");
    const link = await issueDownloadLink({ db: db(), actor, meta: await requestMeta(), outputId });
    return { path: link.path, expiresAt: link.expiresAt.toISOString(), message: "Your download is starting." };
  });
}

/** After the talent rejected the output: render again (training continues) or take the money back. */
export async function chooseAfterRejectedOutput(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const input = { orderId: String(form.get("orderId") ?? ""), choice: String(form.get("choice") ?? "") } as TAfterRejection;
    const result = await chooseAfterRejection({ db: db(), actor, meta: await requestMeta(), input });
    revalidatePath(`/studio/orders/${result.orderId}`);
    return {
      message:
        result.status === "cancelled"
          ? "The order is cancelled; your payment is being refunded."
          : "A new render has started; training continues where the last one stopped.",
    };
  });
}
