import type { ImageReport } from "./types";
import { PITCH_BINS, YAW_BINS } from "./pose-grid";

export const RECOMMENDED_IMAGE_COUNT = 300;

/** Plain sentences for the talent: what is missing and why it matters. */
export function adviceFor(images: ImageReport[], counts: number[][], opts: { minFaceSize: number } = { minFaceSize: 80 }): string[] {
  const advice: string[] = [];
  const small = images.filter((i) => i.issues.some((x) => x.code === "face-too-small") && i.faceSize !== undefined);
  if (small.length > 0) {
    // Sizes, not only a count: the talent learns how much closer to stand.
    const sizes = small.map((i) => i.faceSize!);
    const range = Math.min(...sizes) === Math.max(...sizes) ? `${sizes[0]} px` : `${Math.min(...sizes)}-${Math.max(...sizes)} px`;
    const all = small.length === images.filter((i) => i.faceSize !== undefined).length;
    advice.push(
      `${all ? "Your face is too small in every photo" : `Your face is too small in ${small.length} photo(s)`}: ${range} wide, at least ${opts.minFaceSize} px needed. Take photos closer to the camera or at a higher resolution (cropping does not help: it keeps the face as small).`,
    );
  }
  const usable = images.filter((i) => i.usable).length;
  if (usable < RECOMMENDED_IMAGE_COUNT) {
    advice.push(
      `Add more photos: ${usable} usable of about ${RECOMMENDED_IMAGE_COUNT} recommended; with fewer, swaps look soft and miss expressions.`,
    );
  }
  const yawTotal = (c: number) => counts.reduce((s, row) => s + row[c]!, 0);
  const pitchTotal = (r: number) => counts[r]!.reduce((s, n) => s + n, 0);
  const yawIndex = (label: string) => YAW_BINS.findIndex((b) => b.label === label);
  if (yawTotal(yawIndex("left profile")) === 0)
    advice.push("Add left-profile shots (head turned to your left, 45-90°): swaps of left-turned heads will be blurry without them.");
  if (yawTotal(yawIndex("right profile")) === 0)
    advice.push("Add right-profile shots (head turned to your right, 45-90°): swaps of right-turned heads will be blurry without them.");
  if (yawTotal(yawIndex("left")) === 0) advice.push("Add three-quarter shots turned to your left (15-45°).");
  if (yawTotal(yawIndex("right")) === 0) advice.push("Add three-quarter shots turned to your right (15-45°).");
  const pitchIndex = (label: string) => PITCH_BINS.findIndex((b) => b.label === label);
  if (pitchTotal(pitchIndex("up")) === 0)
    advice.push("Add shots looking up: chins and necks will smear in swaps of raised heads without them.");
  if (pitchTotal(pitchIndex("down")) === 0) advice.push("Add shots looking down: swaps of lowered heads will be blurry without them.");
  const count = (code: string) => images.filter((i) => i.issues.some((x) => x.code === code)).length;
  if (count("blurry") > 0)
    advice.push(`Replace ${count("blurry")} blurred photo(s) with sharp ones: blur in the set becomes blur in every swap.`);
  if (count("possibly-another-person") > 0)
    advice.push(`Check ${count("possibly-another-person")} photo(s) that may show someone else: remove any that are not you.`);
  if (count("multiple-faces") > 0) advice.push("Crop or remove group photos: each photo should show only you.");
  if (count("no-face") > 0) advice.push("Remove photos where no face can be found, or retake them facing the camera in good light.");
  return advice;
}
