"use server";

import { revalidatePath } from "next/cache";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { addStudioMember } from "@/lib/studios/studio-members";

export async function addMember(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    const email = String(form.get("email") ?? "");
    await addStudioMember({ db: db(), actor, meta: await requestMeta(), input: { email } });
    revalidatePath("/studio/members");
    return { message: `${email.trim()} was added to your studio.` };
  });
}
