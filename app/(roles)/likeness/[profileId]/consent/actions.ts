"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { formToObject } from "@/app/_lib/form-data";
import { previewConsent, type ConsentPreview } from "@/lib/consent/preview-consent";
import { signConsent } from "@/lib/consent/sign-consent";
import type { TSignConsent } from "@/lib/consent/types";
import { db } from "@/lib/db/client";
import { MANAGER_ROLES } from "../../_lib/page-data";

/** The consent text and its SHA-256 for the uses and expiry being chosen, built on the server. */
export async function previewConsentAction(input: {
  profileId: string;
  scopes: string[];
  expiresAt: string;
}): Promise<ActionResult<ConsentPreview>> {
  return runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    return previewConsent({ db: db(), actor, input });
  });
}

/** Signs a new consent version; refused unless the submitted fingerprint matches the server's text. */
export async function signConsentAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  const profileId = String(form.get("profileId") ?? "");
  const result = await runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    const raw = formToObject(form, ["scopes"]);
    await signConsent({
      db: db(),
      actor,
      meta: await requestMeta(),
      // signConsent validates every field with ZSignConsent; the cast only satisfies the compiler.
      input: { ...raw, agree: form.get("agree") === "on" } as unknown as TSignConsent,
    });
    revalidatePath(`/likeness/${profileId}`, "layout");
  });
  if (result.ok) redirect(`/likeness/${profileId}?signed=1`);
  return result;
}
