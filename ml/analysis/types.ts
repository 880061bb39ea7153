import type { HeadPose } from "../faces/head-pose";

// Plain JSON so the web app can store and render the report as is.

export type ImageIssueCode = "unreadable" | "no-face" | "multiple-faces" | "blurry" | "face-too-small" | "possibly-another-person";

export type ImageIssue = { code: ImageIssueCode; message: string };

export type ImageReport = {
  name: string;
  usable: boolean;
  issues: ImageIssue[];
  width: number;
  height: number;
  facesFound: number;
  /** Variance of the Laplacian on the aligned 128 px face; higher is sharper. */
  blurScore?: number;
  /**
   * Share of fine detail: Laplacian variance of the face at its own resolution
   * over that at half of it (fine-detail.ts); below ~0.12 the face is blurred.
   */
  detailRatio?: number;
  /** The same an octave down (half over a quarter of the resolution); below ~0.15 the face is strongly blurred. */
  coarseDetailRatio?: number;
  /** Face box width in source pixels. */
  faceSize?: number;
  pose?: HeadPose;
  /**
   * Descriptor distance the identity check judged (same person up to maxIdentityDistance, 0.55): to
   * the verified face, or the median distance to the set's majority.
   */
  identityDistance?: number;
};

export type PoseGrid = {
  yawBins: string[];
  pitchBins: string[];
  /** counts[pitchIndex][yawIndex] */
  counts: number[][];
  /** PNG picture of the grid, base64. */
  pngBase64: string;
};

export type LikenessSetReport = {
  imageCount: number;
  usableCount: number;
  recommendedCount: number;
  images: ImageReport[];
  /** basis: what photos were compared with (identity-outliers.ts); "none" when no two photos agree and no reference was given. */
  identity: { outliers: string[]; maxDistance: number; basis: "reference" | "majority" | "none" };
  poseGrid: PoseGrid;
  advice: string[];
};
