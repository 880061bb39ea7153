import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";

export const ZReviewOutput = z
  .object({
    orderId: recordId("Choose the order"),
    decision: z.enum(["approve", "reject"], { message: "Choose approve or reject" }),
    note: text({ max: 2000, multiline: true, tooLong: "Keep the note under 2,000 characters" }).default(""),
  })
  .refine((d) => d.decision === "approve" || [...d.note].length >= 3, {
    path: ["note"],
    message: "Tell the studio what is wrong with the output",
  });
export type TReviewOutput = z.input<typeof ZReviewOutput>;

export const ZAfterRejection = z.object({
  orderId: recordId("Choose the order"),
  choice: z.enum(["rerender", "refund"], { message: "Choose a new render or a refund" }),
});
export type TAfterRejection = z.input<typeof ZAfterRejection>;
