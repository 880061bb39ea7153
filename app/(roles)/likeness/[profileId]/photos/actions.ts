"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { deleteLikenessAsset, retryLikenessAnalysis } from "@/lib/profiles/likeness-assets";
import { MANAGER_ROLES } from "../../_lib/page-data";

export async function deletePhotoAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    await deleteLikenessAsset({ db: db(), actor, meta: await requestMeta(), assetId: formId(form, "assetId") });
    revalidatePath(`/likeness/${String(form.get("profileId") ?? "")}`, "layout");
    return { message: "Photo deleted." };
  });
}

export async function retryAnalysisAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    await retryLikenessAnalysis({ db: db(), actor, meta: await requestMeta(), assetId: formId(form, "assetId") });
    revalidatePath(`/likeness/${String(form.get("profileId") ?? "")}`, "layout");
    return { message: "Photo queued for analysis again." };
  });
}
