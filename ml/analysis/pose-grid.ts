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

const binOf = (bins: ReadonlyArray<{ min: number; max: number }>, v: number) => bins.findIndex((b) => v >= b.min && v < b.max);

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

// The picture stands alone (the photos page, `npm run ml -- analyze --grid`):
// axis title and labels in words a talent reads, not only bin names.
const CELL = 96,
  LEFT = 126,
  TOP = 84,
  FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";
const YAW_LABELS: Record<string, [string, string]> = {
  "right profile": ["right", "profile"],
  right: ["turned", "right"],
  frontal: ["facing", "camera"],
  left: ["turned", "left"],
  "left profile": ["left", "profile"],
};
const PITCH_LABELS: Record<string, string> = { up: "looking up", level: "level", down: "looking down" };

/** Empty cells red, thin ones amber, well covered ones green: readable without the numbers. */
async function renderGrid(counts: number[][]): Promise<Uint8Array> {
  const w = LEFT + CELL * YAW_BINS.length + 12,
    h = TOP + CELL * PITCH_BINS.length + 12;
  const text = (x: number, y: number, body: string, attrs = "") => `<text x="${x}" y="${y}" font-family="${FONT}" ${attrs}>${body}</text>`;
  const cells: string[] = [];
  counts.forEach((row, r) =>
    row.forEach((n, c) => {
      const fill = n === 0 ? "#e5534b" : n < 10 ? "#f0b429" : "#3fb950";
      const x = LEFT + c * CELL,
        y = TOP + r * CELL;
      cells.push(`<rect x="${x}" y="${y}" width="${CELL - 6}" height="${CELL - 6}" rx="8" fill="${fill}"/>`);
      cells.push(
        text(x + (CELL - 6) / 2, y + (CELL - 6) / 2 + 9, String(n), `font-size="26" font-weight="bold" text-anchor="middle" fill="#111"`),
      );
    }),
  );
  const centreX = (c: number) => LEFT + c * CELL + (CELL - 6) / 2;
  const gridMid = LEFT + (CELL * YAW_BINS.length - 6) / 2;
  const labels = [
    text(
      gridMid,
      22,
      "Head turned to your right  ←   →  to your left",
      `font-size="16" font-weight="bold" text-anchor="middle" fill="#222"`,
    ),
    ...YAW_BINS.flatMap((b, c) => {
      const [a, z] = YAW_LABELS[b.label]!;
      return [
        text(centreX(c), TOP - 32, a, `font-size="15" text-anchor="middle" fill="#222"`),
        text(centreX(c), TOP - 12, z, `font-size="15" text-anchor="middle" fill="#222"`),
      ];
    }),
    ...PITCH_BINS.map((b, r) =>
      text(LEFT - 12, TOP + r * CELL + (CELL - 6) / 2 + 5, PITCH_LABELS[b.label]!, `font-size="15" text-anchor="end" fill="#222"`),
    ),
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${cells.join("")}${labels.join("")}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}
