import { describe, expect, it } from "vitest";
import { averageRate, isVariableRate, parseRate, rationalRate, timingFromPackets } from "./frame-rate";

describe("frame rates", () => {
  it("parses ffprobe rates and writes averages as exact rationals", () => {
    expect(parseRate("30000/1001")).toBeCloseTo(29.97, 2);
    expect(parseRate("0/0")).toBeNaN();
    expect(rationalRate(22.881)).toBe("22881/1000");
    expect(rationalRate(25)).toBe("25/1");
  });

  it("takes a millisecond time base's 33/34 ms jitter at 30 fps as constant, a slow second half as variable", () => {
    // 90 frames at 30 fps in a 1 ms time base, as MKV stores them.
    const steady = Array.from({ length: 90 }, (_, i) => `${(Math.round((i * 1000) / 30) / 1000).toFixed(3)},0.033`).join("\n");
    const timing = timingFromPackets(steady, 30)!;
    expect(timing.frames).toBe(90);
    expect(timing.span).toBeCloseTo(3, 2);
    expect(isVariableRate(timing, 30)).toBe(false);
    // 30 frames 1/30 s apart, then 30 frames 2/30 s apart: 60 frames over 3 s.
    const uneven = Array.from({ length: 60 }, (_, i) => `${(i < 30 ? i / 30 : (30 + (i - 30) * 2) / 30).toFixed(3)},0.067`).join("\n");
    const slow = timingFromPackets(uneven, 30)!;
    expect(isVariableRate(slow, 30)).toBe(true);
    expect(slow.span).toBeCloseTo(3, 2);
    expect(averageRate(slow)).toBeCloseTo(20, 1);
  });

  it("leaves out packets an edit list discards", () => {
    const csv = ["-0.2,0.1,KD", "-0.1,0.1,_D", "0.0,0.1,K_", "0.1,0.1,__", "0.2,0.1,__"].join("\n");
    expect(timingFromPackets(csv, 10)).toEqual({ frames: 3, span: expect.closeTo(0.3, 6) });
  });
});
