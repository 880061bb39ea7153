export type PerformerCoverage = { framesTotal: number; framesWithPerformer: number; framesSwapped: number };

/**
 * Which frames show the performer, from which ones they were found in. A
 * person does not vanish for a moment: a run of at most `maxGap` frames
 * without them, between two frames with them, is the detector missing them
 * (there the original face flickers back), so those frames count as frames
 * with the performer that were not swapped. Longer absences (a cut, the
 * performer leaving) and the stretches before the first and after the last
 * sighting count as frames without them.
 */
export function performerCoverage(found: readonly boolean[], maxGap: number): PerformerCoverage {
  let framesSwapped = 0,
    missedInGaps = 0,
    gap = 0,
    seen = false;
  for (const f of found) {
    if (f) {
      framesSwapped++;
      if (seen && gap <= maxGap) missedInGaps += gap;
      seen = true;
      gap = 0;
    } else gap++;
  }
  return { framesTotal: found.length, framesWithPerformer: framesSwapped + missedInGaps, framesSwapped };
}
