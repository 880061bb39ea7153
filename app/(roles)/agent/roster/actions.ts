"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { endRepresentation } from "@/lib/representation/end-representation";
import { inviteTalent } from "@/lib/representation/invite-talent";
import type { TInviteTalent } from "@/lib/representation/types";

export async function inviteTalentAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(["AGENT"]);
    const email = String(form.get("email") ?? "");
    const commission = String(form.get("commissionPercent") ?? "").trim();
    // An empty box must not read as 0%: undefined makes ZInviteTalent ask for a value.
    const input = { email, commissionPercent: commission === "" ? undefined : commission };
    await inviteTalent({ db: db(), actor, meta: await requestMeta(), input: input as unknown as TInviteTalent });
    revalidatePath("/agent", "layout");
    return { message: `Invitation sent to ${email.trim()}. They accept or decline on their Representation page.` };
  });
}

export async function endRepresentationAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(["AGENT"]);
    await endRepresentation({ db: db(), actor, meta: await requestMeta(), representationId: formId(form, "representationId") });
    revalidatePath("/agent", "layout");
  });
}
