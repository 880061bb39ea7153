import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";
import { isTerritory } from "@/lib/licensing/territories";
import { CHANNELS, CURRENCIES, EXCLUSION_TOPICS, USE_CATEGORIES, WORLDWIDE } from "@/lib/licensing/vocabulary";

const date = (what: string) => z.coerce.date({ message: `Enter a valid ${what}` });
const minor = (what: string) =>
  z.coerce
    .number({ message: `Enter the ${what}` })
    .int(`The ${what} must be a whole number of minor units (cents)`)
    .min(0, `The ${what} cannot be negative`)
    .max(1_000_000_000_00, `The ${what} is too large`);

export const ZTerritories = z
  .array(text({ max: 8 }).toUpperCase())
  .min(1, "Choose at least one territory")
  .refine((ts) => ts.every(isTerritory), "Use ISO 3166-1 alpha-2 country codes (e.g. US, FR) or WW for worldwide")
  .transform((ts) => (ts.includes(WORLDWIDE) ? [WORLDWIDE] : [...new Set(ts)]));

export const ZPublishOffer = z
  .object({
    profileId: recordId("Choose the likeness profile"),
    title: text({ min: 3, max: 120, tooShort: "Give the offer a title" }),
    description: text({ max: 2000, multiline: true }).default(""),
    allowedCategories: z.array(z.enum(USE_CATEGORIES)).min(1, "Allow at least one use category"),
    extraExclusions: z.array(z.enum(EXCLUSION_TOPICS)).default([]),
    territories: ZTerritories,
    channels: z.array(z.enum(CHANNELS)).min(1, "Choose at least one channel"),
    termStart: date("start date"),
    termEnd: date("end date"),
    maxRenders: z.coerce.number().int("Whole renders only").min(1, "Allow at least one render").max(100_000),
    maxOutputSeconds: z.coerce.number().int("Whole seconds only").min(1, "Allow at least one second").max(10_000_000),
    flatFeeMinor: minor("flat fee"),
    perSecondMinor: minor("price per output second"),
    currency: z.enum(CURRENCIES, { message: "Choose a currency" }),
    approvalMode: z.enum(["MANUAL", "AUTO"], { message: "Choose manual or automatic approval" }),
    /** The talent reviews each rendered output before the studio can download it (a form checkbox sends "on"). */
    reviewOutputs: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
    disclosureText: text({
      min: 10,
      max: 120,
      tooShort: "Write the on-screen disclosure (at least 10 characters)",
      tooLong: "Keep the disclosure under 120 characters so it stays legible",
    }),
  })
  .refine((o) => o.termEnd > o.termStart, { path: ["termEnd"], message: "The term must end after it starts" });
export type TPublishOffer = z.input<typeof ZPublishOffer>;

export const ZRevokeOffer = z.object({
  offerId: recordId("Choose the offer"),
  reason: text({ min: 3, max: 500, multiline: true, tooShort: "Give a short reason (studios with open requests see it)" }),
});

export const ZCatalogFilter = z.object({
  q: text({ max: 100 }).optional(),
  category: z.enum(USE_CATEGORIES).optional(),
  territory: text({ max: 8 }).toUpperCase().refine(isTerritory, "Unknown territory code").optional(),
  channel: z.enum(CHANNELS).optional(),
  currency: z.enum(CURRENCIES).optional(),
  maxFlatFeeMinor: z.coerce.number().int().min(0).optional(),
});
export type TCatalogFilter = z.input<typeof ZCatalogFilter>;
