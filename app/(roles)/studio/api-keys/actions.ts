"use server";

import { formId } from "@/app/_lib/form-data";
import { revalidatePath } from "next/cache";
import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { createApiKey, revokeApiKey } from "@/lib/studios/api-keys";

export type CreatedKey = { name: string; prefix: string; token: string };

export async function createStudioApiKey(_: ActionState<CreatedKey>, form: FormData) {
  return runAction<CreatedKey>(async () => {
    const actor = await requireActor(["STUDIO"]);
    const key = await createApiKey({ db: db(), actor, meta: await requestMeta(), input: { name: String(form.get("name") ?? "") } });
    revalidatePath("/studio/api-keys");
    return { name: key.name, prefix: key.prefix, token: key.token };
  });
}

export async function revokeStudioApiKey(_: ActionState, form: FormData) {
  return runAction(async () => {
    const actor = await requireActor(["STUDIO"]);
    await revokeApiKey({ db: db(), actor, meta: await requestMeta(), keyId: formId(form, "keyId") });
    revalidatePath("/studio/api-keys");
    return { message: "The key was revoked." };
  });
}
