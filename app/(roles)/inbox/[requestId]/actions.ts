"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { decideRequest } from "@/lib/requests/decide-request";
import type { TDecideRequest } from "@/lib/requests/types";

/** Approves or rejects a request awaiting approval; the button pressed names the decision. */
export async function decideRequestAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
    const requestId = String(form.get("requestId") ?? "");
    const { status } = await decideRequest({
      db: db(),
      actor,
      meta: await requestMeta(),
      // decideRequest validates the decision with ZDecideRequest; the cast only satisfies the compiler.
      input: {
        requestId,
        decision: String(form.get("decision") ?? "") as TDecideRequest["decision"],
        note: String(form.get("note") ?? ""),
      },
    });
    revalidatePath(`/inbox/${requestId}`);
    revalidatePath("/inbox");
    return {
      message: status === "approved" ? "Request approved. The studio sees the new status." : "Request rejected. The studio sees your note.",
    };
  });
}
