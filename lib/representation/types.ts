import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";

export const ZInviteTalent = z.object({
  email: text({ max: 254 }).toLowerCase().email("Enter the talent's account email"),
  commissionPercent: z.coerce
    .number({ message: "Enter a commission percentage" })
    .min(0, "Commission cannot be negative")
    .max(50, "Commission above 50% is not accepted"),
});
export type TInviteTalent = z.input<typeof ZInviteTalent>;

export const ZRespondInvitation = z.object({
  representationId: recordId("Choose the invitation"),
  accept: z.boolean(),
});
