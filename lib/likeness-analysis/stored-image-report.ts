import { z } from "zod";
import type { ImageReport, ImageIssueCode } from "@/ml/analysis/types";

// The per-photo report as stored in LikenessAsset.analysis (JSON), parsed on
// read instead of cast: a row written by an older engine, or edited by hand,
// is treated as not analysed rather than trusted blindly. Loose objects: keys
// a newer engine adds pass through.

const ISSUE_CODES = [
  "unreadable",
  "no-face",
  "multiple-faces",
  "blurry",
  "face-too-small",
  "possibly-another-person",
] as const satisfies readonly ImageIssueCode[];

const ZStoredImageReport = z.looseObject({
  name: z.string(),
  usable: z.boolean(),
  issues: z.array(z.looseObject({ code: z.enum(ISSUE_CODES), message: z.string() })),
  width: z.number(),
  height: z.number(),
  facesFound: z.number().int().nonnegative(),
  blurScore: z.number().optional(),
  faceSize: z.number().optional(),
  pose: z.looseObject({ yaw: z.number(), pitch: z.number(), roll: z.number() }).optional(),
  identityDistance: z.number().optional(),
});

/** The stored report, or null when the JSON is not a report this engine understands. */
export function readStoredImageReport(value: unknown): ImageReport | null {
  const parsed = ZStoredImageReport.safeParse(value);
  return parsed.success ? (parsed.data as ImageReport) : null;
}
