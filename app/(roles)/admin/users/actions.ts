"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { setAccountDisabled } from "@/lib/admin/set-account-disabled";
import { db } from "@/lib/db/client";

/** The admin users page's Disable / Enable button. */
export async function setAccountDisabledAction(_prev: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["ADMIN"]);
    const disabled = form.get("disabled") === "true";
    const user = await setAccountDisabled({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: { userId: formId(form, "userId"), disabled },
    });
    revalidatePath("/admin/users");
    return { message: `${user.email} is ${disabled ? "disabled: its sessions and API keys stopped working" : "enabled again"}.` };
  });
}
