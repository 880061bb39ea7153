import sharp from "sharp";
import type { HeadPose } from "../faces/head-pose";
import type { PoseGrid } from "./types";

// Yaw is positive when the head turns to the subject's left (nose towards
// the image's right). Bins are wide: landmark-based pose is good to ~10°.
export const YAW_BINS = [
  { label: "right profile", min: -Infinity, max: -45 },
  { label: "right", min: -45, max: -15 },
  { label: "frontal", min: -15, max: 15 },
  { label: "left", min: 15, max: 45 },
  { label: "left profile", min: 45, max: Infinity },
] as const;

export const PITCH_BINS = [
  { label: "up", min: 15, max: Infinity },
  { label: "level", min: -15, max: 15 },
  { label: "down", min: -Infinity, max: -15 },
] as const;

const binOf = (bins: ReadonlyArray<{ min: number; max: number }>, v: number) =>
  bins.findIndex((b) => v >= b.min && v < b.max);

export function countPoses(poses: HeadPose[]): number[][] {
  const counts = PITCH_BINS.map(() => YAW_BINS.map(() => 0));
  for (const p of poses) counts[binOf(PITCH_BINS, p.pitch)]![binOf(YAW_BINS, p.yaw)]!++;
  return counts;
}

export async function poseGrid(poses: HeadPose[]): Promise<PoseGrid> {
  const counts = countPoses(poses);
  return {
    yawBins: YAW_BINS.map((b) => b.label),
    pitchBins: PITCH_BINS.map((b) => b.label),
    counts,
    pngBase64: Buffer.from(await renderGrid(counts)).toString("base64"),
  };
}

const CELL = 90, LEFT = 60, TOP = 30;

/** Empty cells red, thin ones amber, well covered ones green: readable without the numbers. */
async function renderGrid(counts: number[][]): Promise<Uint8Array> {
  const w = LEFT + CELL * YAW_BINS.length + 10, h = TOP + CELL * PITCH_BINS.length + 10;
  const cells: string[] = [];
  counts.forEach((row, r) => row.forEach((n, c) => {
    const fill = n === 0 ? "#e5534b" : n < 10 ? "#f0b429" : "#3fb950";
    const x = LEFT + c * CELL, y = TOP + r * CELL;
    cells.push(`<rect x="${x}" y="${y}" width="${CELL - 4}" height="${CELL - 4}" rx="6" fill="${fill}"/>`);
    cells.push(`<text x="${x + CELL / 2 - 2}" y="${y + CELL / 2 + 6}" font-size="20" text-anchor="middle" fill="#111">${n}</text>`);
  }));
  const yawLabels = YAW_BINS.map((b, c) => `<text x="${LEFT + c * CELL + CELL / 2 - 2}" y="${TOP - 10}" font-size="12" text-anchor="middle">${b.label}</text>`);
  const pitchLabels = PITCH_BINS.map((b, r) => `<text x="${LEFT - 8}" y="${TOP + r * CELL + CELL / 2}" font-size="12" text-anchor="end">${b.label}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${cells.join("")}${yawLabels.join("")}${pitchLabels.join("")}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}
