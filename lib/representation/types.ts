import { z } from "zod";

export const ZInviteTalent = z.object({
  email: z.string().trim().toLowerCase().email("Enter the talent's account email"),
  commissionPercent: z.coerce
    .number({ message: "Enter a commission percentage" })
    .min(0, "Commission cannot be negative")
    .max(50, "Commission above 50% is not accepted"),
});
export type TInviteTalent = z.input<typeof ZInviteTalent>;

export const ZRespondInvitation = z.object({
  representationId: z.string().min(1),
  accept: z.boolean(),
});
