import { describe, expect, it } from "vitest";
import { performerCoverage } from "./performer-coverage";

const frames = (s: string) => [...s].map((c) => c === "x");

describe("performer coverage", () => {
  it("counts short gaps between sightings as frames with the performer that were not swapped", () => {
    expect(performerCoverage(frames("xx..xx.x"), 3)).toEqual({ framesTotal: 8, framesWithPerformer: 8, framesSwapped: 5 });
  });

  it("counts longer absences and the stretches before the first and after the last sighting as frames without the performer", () => {
    expect(performerCoverage(frames("..xx.....xx.."), 3)).toEqual({ framesTotal: 13, framesWithPerformer: 4, framesSwapped: 4 });
    expect(performerCoverage(frames("...."), 3)).toEqual({ framesTotal: 4, framesWithPerformer: 0, framesSwapped: 0 });
  });
});
