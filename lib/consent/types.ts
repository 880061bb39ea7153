import { z } from "zod";
import { USE_CATEGORIES } from "@/lib/licensing/vocabulary";

const dateInput = (field: string) =>
  z.coerce.date({ message: `Enter a valid ${field}` }).refine((d) => !Number.isNaN(d.getTime()), `Enter a valid ${field}`);

export const ZSignConsent = z.object({
  profileId: z.string().min(1),
  // Listed in the vocabulary's order whatever order they were ticked in, so the
  // document text (and its hash) depends only on which uses were chosen.
  scopes: z
    .array(z.enum(USE_CATEGORIES))
    .min(1, "Choose at least one permitted use")
    .transform((chosen) => USE_CATEGORIES.filter((c) => chosen.includes(c))),
  expiresAt: dateInput("expiry date"),
  legalName: z.string().trim().min(2, "Type your full legal name to sign").max(200),
  /** SHA-256 of the consent text the signer was shown. */
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, "The consent text fingerprint is missing; reload the page"),
  agree: z.literal(true, { message: "Tick the box to confirm you have read the consent" }),
});
export type TSignConsent = z.input<typeof ZSignConsent>;

export const ZRevokeConsent = z.object({
  profileId: z.string().min(1),
  reason: z.string().trim().min(3, "Give a short reason (it is shown to studios with open requests)").max(500),
  destroyBiometrics: z.boolean().default(false),
});
export type TRevokeConsent = z.input<typeof ZRevokeConsent>;

export const MAX_CONSENT_YEARS = 10;
