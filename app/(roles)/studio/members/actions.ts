"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { acceptStudioInvitation, inviteStudioMember, revokeStudioInvitation } from "@/lib/studios/studio-invitations";

/** Adds a member by invitation (see lib/studios/studio-invitations.ts). */
export async function addMember(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const { email } = await inviteStudioMember({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: { email: String(form.get("email") ?? "") },
    });
    revalidatePath("/studio/members");
    // The same words for every email: whether it has an account is the invitee's business.
    return {
      message: `Invitation recorded for ${email}. Once they sign in with a studio account on that email, they can accept it from their studio home.`,
    };
  });
}

export async function withdrawInvitation(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    await revokeStudioInvitation({ db: db(), actor, meta: await requestMeta(), invitationId: formId(form, "invitationId") });
    revalidatePath("/studio/members");
    return { message: "Invitation withdrawn." };
  });
}

export async function acceptInvitation(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    await acceptStudioInvitation({ db: db(), actor, meta: await requestMeta(), invitationId: formId(form, "invitationId") });
    revalidatePath("/studio");
    return { message: "You joined the studio." };
  });
}
