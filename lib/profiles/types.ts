import { z } from "zod";

export const ZCreateProfile = z
  .object({
    displayName: z.string().trim().min(2, "Enter the name studios will see").max(120),
    bio: z.string().trim().max(2000, "Keep the bio under 2,000 characters").default(""),
    /** For an agent: the talent or estate they represent. Ignored for talent and estates. */
    principalUserId: z.string().min(1).optional(),
    /** Required when the principal is an estate. */
    diedOn: z.coerce.date({ message: "Enter a valid date of death" }).optional(),
  });
export type TCreateProfile = z.input<typeof ZCreateProfile>;
