"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { formToObject } from "@/app/_lib/form-data";
import { db } from "@/lib/db/client";
import { validationError, zodFieldErrors } from "@/lib/errors";
import { parseMajorAmount } from "@/lib/format/money";
import { CURRENCIES, CURRENCY_EXPONENT, type Currency } from "@/lib/licensing/vocabulary";
import { publishOffer } from "@/lib/offers/publish-offer";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { ZPublishOffer, type TPublishOffer } from "@/lib/offers/types";
import { MANAGER_ROLES } from "../../_lib/page-data";

const ARRAYS = ["allowedCategories", "extraExclusions", "territories", "channels"] as const;

/**
 * Prices are typed in major units ("1,500.00"); lib stores minor units, using
 * the currency's exponent. Returns the amount, or an error for the form field.
 */
function toMinor(form: FormData, field: string, what: string): { minor?: number; error?: string } {
  const currency = String(form.get("currency") ?? "");
  const text = String(form.get(field) ?? "").trim();
  if (!(CURRENCIES as readonly string[]).includes(currency)) return {}; // lib names the currency error
  if (text === "") return { error: `Enter the ${what} (0 if none)` };
  const minor = parseMajorAmount(text, currency);
  if (minor !== null) return { minor };
  const decimals = CURRENCY_EXPONENT[currency as Currency];
  const example = decimals === 0 ? "1500" : `1500.${"0".repeat(decimals)}`;
  return { error: `Enter an amount in ${currency}, e.g. ${example}${decimals === 0 ? ` (${currency} has no decimals)` : ""}` };
}

const FORM_FIELD: Record<string, string> = { flatFeeMinor: "flatFee", perSecondMinor: "perSecond" };

export async function publishOfferAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  const profileId = String(form.get("profileId") ?? "");
  const result = await runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    const raw = formToObject(form, ARRAYS);
    delete raw.flatFee;
    delete raw.perSecond;
    const flat = toMinor(form, "flatFee", "flat fee");
    const perSecond = toMinor(form, "perSecond", "price per output second");
    const input = { ...raw, flatFeeMinor: flat.minor, perSecondMinor: perSecond.minor };
    const priceErrors = { ...(flat.error && { flatFee: flat.error }), ...(perSecond.error && { perSecond: perSecond.error }) };
    if (Object.keys(priceErrors).length > 0) {
      // Report every other field's problem in the same round, not one at a time.
      const rest = ZPublishOffer.safeParse({ ...input, flatFeeMinor: flat.minor ?? 0, perSecondMinor: perSecond.minor ?? 0 });
      const fields = { ...(rest.success ? {} : zodFieldErrors(rest.error)), ...priceErrors };
      throw validationError(fields);
    }
    // publishOffer validates every field with ZPublishOffer; the cast only satisfies the compiler.
    await publishOffer({ db: db(), actor, meta: await requestMeta(), input: input as unknown as TPublishOffer });
    revalidatePath(`/likeness/${profileId}`, "layout");
  });
  if (result.ok) redirect(`/likeness/${profileId}/offers?published=1`);
  // The form shows prices as "flatFee"/"perSecond"; lib reports them by their stored names.
  const fields = Object.fromEntries(Object.entries(result.fields).map(([k, v]) => [FORM_FIELD[k] ?? k, v]));
  return { ...result, fields };
}

export async function revokeOfferAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    const result = await revokeOffer({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: { offerId: String(form.get("offerId") ?? ""), reason: String(form.get("reason") ?? "") },
    });
    revalidatePath(`/likeness/${String(form.get("profileId") ?? "")}`, "layout");
    const n = result.revokedRequests.length;
    return { message: `Offer revoked; ${n} open request${n === 1 ? "" : "s"} closed.` };
  });
}
