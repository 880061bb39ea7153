import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";

export const ZCreateProfile = z.object({
  displayName: text({ min: 2, max: 120, tooShort: "Enter the name studios will see" }),
  bio: text({ max: 2000, multiline: true, tooLong: "Keep the bio under 2,000 characters" }).default(""),
  /** For an agent: the talent or estate they represent. Ignored for talent and estates. */
  principalUserId: recordId("Choose the talent or estate you represent").optional(),
  /** Required when the principal is an estate. */
  diedOn: z.coerce.date({ message: "Enter a valid date of death" }).optional(),
});
export type TCreateProfile = z.input<typeof ZCreateProfile>;
