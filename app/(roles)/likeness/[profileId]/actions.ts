"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { db } from "@/lib/db/client";
import { MANAGER_ROLES } from "../_lib/page-data";

/** Revokes the whole consent (and, when ticked, destroys the biometric data now). */
export async function revokeConsentAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    const profileId = String(form.get("profileId") ?? "");
    const result = await revokeConsent({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: { profileId, reason: String(form.get("reason") ?? ""), destroyBiometrics: form.get("destroyBiometrics") === "on" },
    });
    revalidatePath(`/likeness/${profileId}`, "layout");
    const offers = result.revokedOffers.length;
    const requests = result.revokedRequests.length;
    return {
      message: `Consent revoked. ${offers} offer${offers === 1 ? "" : "s"} withdrawn from the catalog, ${requests} open request${requests === 1 ? "" : "s"} closed.`,
    };
  });
}
