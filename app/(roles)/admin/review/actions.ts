"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { decideReviewItem, type ZDecideReviewItem } from "@/lib/review/review-queue";
import type { z } from "zod";

type Input = z.input<typeof ZDecideReviewItem>;

/** An admin's decision on one review item; the button pressed names it. lib validates kind, decision and reason. */
export async function decideReviewItemAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(["ADMIN"]);
    const decision = String(form.get("decision") ?? "") as Input["decision"];
    await decideReviewItem({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: {
        kind: String(form.get("kind") ?? "") as Input["kind"],
        id: String(form.get("id") ?? ""),
        decision,
        reason: String(form.get("reason") ?? ""),
      },
    });
    revalidatePath("/admin/review");
    return {
      message:
        decision === "approve"
          ? "Approved. The estate can publish offers now."
          : "Rejected. The estate sees your reason and can upload a new proof.",
    };
  });
}
