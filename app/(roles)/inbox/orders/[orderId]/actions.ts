"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { reviewOutput } from "@/lib/orders/review-output";
import type { TReviewOutput } from "@/lib/orders/types";

/** Approves or rejects an order's rendered output; the button pressed names the decision. */
export async function reviewOutputAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
    const orderId = String(form.get("orderId") ?? "");
    const { status } = await reviewOutput({
      db: db(),
      actor,
      meta: await requestMeta(),
      // reviewOutput validates the decision and the note (ZReviewOutput); the cast only satisfies the compiler.
      input: { orderId, decision: String(form.get("decision") ?? "") as TReviewOutput["decision"], note: String(form.get("note") ?? "") },
    });
    revalidatePath(`/inbox/orders/${orderId}`);
    revalidatePath("/inbox/orders");
    revalidatePath("/earnings");
    return {
      message:
        status === "delivered"
          ? "Output approved. The studio can download it now, and the shares are booked."
          : "Output rejected. It has been revoked, and the studio reads your note.",
    };
  });
}
