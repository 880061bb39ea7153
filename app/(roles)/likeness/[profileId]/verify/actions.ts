"use server";

import { formId } from "@/app/_lib/form-data";
import { redirect } from "next/navigation";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { startVerification } from "@/lib/identity/start-verification";

/** "Verify it's you": a new challenge, then the page that records the answer. */
export async function startVerificationAction(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["TALENT"]);
    const profileId = formId(form, "profileId");
    const v = await startVerification({ db: db(), actor, meta: await requestMeta(), profileId });
    redirect(`/likeness/${profileId}/verify/${v.id}`);
  });
}
