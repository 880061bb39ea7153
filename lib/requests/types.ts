import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";
import { CHANNELS, EXCLUSION_TOPICS, PROHIBITED_USES, USE_CATEGORIES } from "@/lib/licensing/vocabulary";
import { ZTerritories } from "@/lib/offers/types";
import { REQUEST_STATUSES } from "./state-machine";

export const ZCreateRequest = z.object({
  offerId: recordId("Choose a license offer"),
  title: text({ min: 3, max: 120, tooShort: "Name the project (e.g. the campaign)" }),
  category: z.enum(USE_CATEGORIES, { message: "Choose the use category" }),
  /** The studio declares whether the content includes any always-prohibited use. */
  contentDeclarations: z.array(z.enum(PROHIBITED_USES)).default([]),
  topics: z.array(z.enum(EXCLUSION_TOPICS)).default([]),
  territories: ZTerritories,
  channels: z.array(z.enum(CHANNELS)).min(1, "Choose at least one channel"),
  campaignStart: z.coerce.date({ message: "Enter the campaign start date" }),
  campaignEnd: z.coerce.date({ message: "Enter the campaign end date" }),
  outputSeconds: z.coerce
    .number({ message: "Enter the output length in seconds" })
    .int("Whole seconds only")
    .min(1, "The output must be at least 1 second")
    .max(3600, "One request covers at most 3,600 output seconds"),
  intendedUse: text({ max: 5000, multiline: true, tooLong: "Keep the description under 5,000 characters" }),
  targetUploadId: recordId().optional(),
  releaseUploadId: recordId().optional(),
});
export type TCreateRequest = z.input<typeof ZCreateRequest>;

export const ZDecideRequest = z
  .object({
    requestId: recordId("Choose the request"),
    decision: z.enum(["approve", "reject"], { message: "Choose approve or reject" }),
    note: text({ max: 2000, multiline: true }).default(""),
  })
  .refine((d) => d.decision === "approve" || [...d.note].length >= 3, {
    path: ["note"],
    message: "Tell the studio why you reject the request",
  });
export type TDecideRequest = z.input<typeof ZDecideRequest>;

export const ZRequestListFilter = z.object({ status: z.enum(REQUEST_STATUSES).optional() });
