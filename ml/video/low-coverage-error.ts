/**
 * A video render that would flicker: the performer's original face shows
 * through in the frames that could not be swapped. Thrown instead of
 * delivering (no output file is left), so the platform can tell the studio
 * why rather than ship a broken render.
 */
export class LowCoverageError extends Error {
  readonly framesSwapped: number;
  readonly framesWithPerformer: number;
  readonly framesTotal: number;
  readonly minCoverage: number;

  constructor(c: { framesSwapped: number; framesWithPerformer: number; framesTotal: number }, minCoverage: number) {
    const share = c.framesWithPerformer ? c.framesSwapped / c.framesWithPerformer : 0;
    super(
      `only ${c.framesSwapped} of ${c.framesWithPerformer} frames (${Math.floor(share * 100)}%) of the performer could be swapped; ` +
        `at least ${Math.round(minCoverage * 100)}% are needed for a render without flicker`,
    );
    this.name = "LowCoverageError";
    this.framesSwapped = c.framesSwapped;
    this.framesWithPerformer = c.framesWithPerformer;
    this.framesTotal = c.framesTotal;
    this.minCoverage = minCoverage;
  }
}
