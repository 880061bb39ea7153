import type { HeadPose } from "../faces/head-pose";

// Plain JSON so the web app can store and render the report as is.

export type ImageIssueCode =
  | "unreadable"
  | "no-face"
  | "multiple-faces"
  | "blurry"
  | "face-too-small"
  | "possibly-another-person";

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
  /** Face box width in source pixels. */
  faceSize?: number;
  pose?: HeadPose;
  /** Descriptor distance to the set's median face (same person below ~0.55). */
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
  identity: { outliers: string[]; maxDistance: number };
  poseGrid: PoseGrid;
  advice: string[];
};
