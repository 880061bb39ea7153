"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { PRINCIPAL_ROLES } from "@/app/_lib/roles";
import { db } from "@/lib/db/client";
import { endRepresentation } from "@/lib/representation/end-representation";
import { respondToInvitation } from "@/lib/representation/respond-to-invitation";

export async function respondAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(PRINCIPAL_ROLES);
    const accept = form.get("answer") === "accept";
    await respondToInvitation({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: { representationId: String(form.get("representationId") ?? ""), accept },
    });
    revalidatePath("/talent", "layout");
    return { message: accept ? "Invitation accepted. The agent can now act for you." : "Invitation declined." };
  });
}

export async function endRepresentationAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(PRINCIPAL_ROLES);
    await endRepresentation({ db: db(), actor, meta: await requestMeta(), representationId: formId(form, "representationId") });
    revalidatePath("/talent", "layout");
    return { message: "Representation ended." };
  });
}
