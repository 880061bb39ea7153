import { describe, expect, it } from "vitest";
import { advanceStages, estimateSecondsLeft, initialStages, overallProgress, parseStages, RENDER_STAGES } from "./stages";

const t0 = new Date("2026-11-30T10:00:00Z");

describe("render stages", () => {
  it("marks every earlier stage complete when a later stage reports progress", () => {
    const s = advanceStages(initialStages(), "convert", 0.5, t0);
    expect(s.map((x) => x.fraction)).toEqual([1, 1, 1, 0.5, 0, 0, 0, 0]);
    expect(s[0]!.finishedAt).toBe(t0.toISOString());
    expect(s[3]!.finishedAt).toBeNull();
  });

  it("never moves a stage's fraction backwards (a resumed job re-reports from its checkpoint)", () => {
    const a = advanceStages(initialStages(), "train", 0.7, t0);
    const b = advanceStages(a, "train", 0.4, t0);
    expect(b.find((x) => x.stage === "train")!.fraction).toBe(0.7);
  });

  it("weights the overall progress so that all stages complete make exactly 1", () => {
    const done = advanceStages(initialStages(), "sign", 1, t0);
    expect(overallProgress(done)).toBeCloseTo(1, 10);
    expect(overallProgress(initialStages())).toBe(0);
    const half = overallProgress(advanceStages(initialStages(), "train", 0.5, t0));
    expect(half).toBeGreaterThan(0.1);
    expect(half).toBeLessThan(0.5);
  });

  it("estimates the time left from the elapsed time and the fraction, and gives none before 2 %", () => {
    expect(estimateSecondsLeft(t0, new Date(t0.getTime() + 60_000), 0.25)).toBe(180);
    expect(estimateSecondsLeft(t0, new Date(t0.getTime() + 1_000), 0.01)).toBeNull();
    expect(estimateSecondsLeft(t0, new Date(t0.getTime() + 1_000), 1)).toBe(0);
  });

  it("parses stored stage progress leniently: unknown stages dropped, missing ones filled, fractions clamped", () => {
    const parsed = parseStages([{ stage: "train", fraction: 3 }, { stage: "bogus", fraction: 1 }, "x"]);
    expect(parsed.map((s) => s.stage)).toEqual([...RENDER_STAGES]);
    expect(parsed.find((s) => s.stage === "train")!.fraction).toBe(1);
    expect(parseStages(null)).toHaveLength(RENDER_STAGES.length);
  });
});
