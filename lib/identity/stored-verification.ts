import { z } from "zod";

// What a checked consent video leaves in the database: measurements and the
// reasons of the decision, nothing biometric (the face descriptor is sealed in
// its own column; the pose track is summarised as the turns seen).

export const storedVerificationReportSchema = z.object({
  durationSeconds: z.number(),
  framesExamined: z.number().int(),
  faces: z.object({ none: z.number().int(), one: z.number().int(), many: z.number().int() }),
  medianFaceSize: z.number(),
  turnsDone: z.array(z.object({ prompt: z.string(), at: z.number(), degrees: z.number() })),
  turnsMissing: z.array(z.string()),
  distance: z.number().nullable(),
  spoof: z.object({ antispoof: z.number(), liveness: z.number() }).nullable(),
  mouthMovement: z.number(),
});
export type StoredVerificationReport = z.infer<typeof storedVerificationReportSchema>;

export const storedVerificationReasonsSchema = z.array(
  z.object({ code: z.string(), severity: z.enum(["reject", "review"]), message: z.string() }),
);
export type StoredVerificationReason = z.infer<typeof storedVerificationReasonsSchema>[number];

export function readVerificationReport(json: unknown): StoredVerificationReport | null {
  const r = storedVerificationReportSchema.safeParse(json);
  return r.success ? r.data : null;
}

export function readVerificationReasons(json: unknown): StoredVerificationReason[] {
  const r = storedVerificationReasonsSchema.safeParse(json);
  return r.success ? r.data : [];
}

/** Associated data of the sealed video descriptor: bound to its verification row. */
export const verificationDescriptorAad = (verificationId: string) => `identity-video/${verificationId}`;
