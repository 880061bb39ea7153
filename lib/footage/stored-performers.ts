import { z } from "zod";

// What a performer scan stores. The summary (StudioUpload.performers) is what
// pages and the API show and holds nothing biometric; the face descriptors
// and thumbnails are in one blob sealed with the studio's key.

export const performerSummarySchema = z.object({
  id: z.string().min(1).max(40),
  /** Sampled frames this person appears in (a still: 1). */
  frames: z.number().int().nonnegative(),
  firstSeenSeconds: z.number().nonnegative(),
  /** Median face width in the footage, in pixels. */
  medianFaceSize: z.number().nonnegative(),
});
export type PerformerSummary = z.infer<typeof performerSummarySchema>;

export const storedPerformersSchema = z.object({
  kind: z.enum(["video", "image"]),
  framesExamined: z.number().int().nonnegative(),
  performers: z.array(performerSummarySchema),
});
export type StoredPerformers = z.infer<typeof storedPerformersSchema>;

/** The summary column as stored, or null when absent or not understood (then the page offers no choice). */
export function readStoredPerformers(json: unknown): StoredPerformers | null {
  const parsed = storedPerformersSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Associated data of a request's sealed performer descriptor (SwapRequest.performerDescriptor): bound to the request row. */
export const performerDescriptorAad = (requestId: string) => `request-performer/${requestId}`;

export const sealedPerformersSchema = z.object({
  performers: z.array(z.object({ id: z.string().min(1), descriptor: z.array(z.number()).length(128), thumbnailJpeg: z.string() })),
});
export type SealedPerformers = z.infer<typeof sealedPerformersSchema>;
