import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";
import { USE_CATEGORIES } from "@/lib/licensing/vocabulary";

const dateInput = (field: string) =>
  z.coerce.date({ message: `Enter a valid ${field}` }).refine((d) => !Number.isNaN(d.getTime()), `Enter a valid ${field}`);

export const ZSignConsent = z.object({
  profileId: recordId("Choose the likeness profile"),
  // Listed in the vocabulary's order whatever order they were ticked in, so the
  // document text (and its hash) depends only on which uses were chosen.
  scopes: z
    .array(z.enum(USE_CATEGORIES))
    .min(1, "Choose at least one permitted use")
    .transform((chosen) => USE_CATEGORIES.filter((c) => chosen.includes(c))),
  expiresAt: dateInput("expiry date"),
  legalName: text({ min: 2, max: 200, tooShort: "Type your full legal name to sign" }),
  /** SHA-256 of the consent text the signer was shown. */
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, "The consent text fingerprint is missing; reload the page"),
  agree: z.literal(true, { message: "Tick the box to confirm you have read the consent" }),
});
export type TSignConsent = z.input<typeof ZSignConsent>;

export const ZRevokeConsent = z.object({
  profileId: recordId("Choose the likeness profile"),
  reason: text({ min: 3, max: 500, multiline: true, tooShort: "Give a short reason (it is shown to studios with open requests)" }),
  destroyBiometrics: z.boolean().default(false),
});
export type TRevokeConsent = z.input<typeof ZRevokeConsent>;

/** The profile a consent preview is for (the uses and expiry are checked where the text is built). */
export const ZPreviewConsent = z.object({ profileId: recordId("Choose the likeness profile") });

export const MAX_CONSENT_YEARS = 10;
