import { describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { judgeHeadTurns, type HeadTurnPrompt, type PoseSample } from "./head-turns";
import { advanceLiveHeadTurns, faceFraming, FRAMING_TEXT, startLiveHeadTurns, turnsDone, type LiveHeadTurns } from "./live-guide";

// The recording page's live guide on pose tracks like those the page
// measures (a few samples a second, yaw/pitch with the 3-6 degree wander of
// 68-point landmark fits, seeded), and the framing feedback on face boxes.

const rand = createRng(11).next;
const noise = () => (rand() - 0.5) * 8;

/** Samples at `hz` through key poses [seconds, yaw, pitch], linearly between them. */
function track(keys: Array<[number, number, number]>, hz = 6): PoseSample[] {
  const out: PoseSample[] = [];
  const end = keys.at(-1)![0];
  for (let i = 0; i / hz <= end; i++) {
    const t = i / hz;
    const k = keys.findIndex(([kt]) => kt >= t);
    const [t1, y1, p1] = keys[Math.max(0, k)]!;
    const [t0, y0, p0] = keys[Math.max(0, k - 1)]!;
    const f = t1 === t0 ? 1 : (t - t0) / (t1 - t0);
    out.push({ t, yaw: y0 + f * (y1 - y0) + noise(), pitch: p0 + f * (p1 - p0) + noise() });
  }
  return out;
}

/** Feeds a track as the page does: calibrating while the phrase is shown (the first `phraseSeconds`). */
function live(samples: PoseSample[], prompts: HeadTurnPrompt[], phraseSeconds = 1.5): { state: LiveHeadTurns; doneAfter: number[] } {
  let state = startLiveHeadTurns();
  const doneAfter: number[] = [];
  for (const s of samples) {
    state = advanceLiveHeadTurns(state, s, prompts, { calibrating: s.t < phraseSeconds });
    doneAfter.push(turnsDone(state));
  }
  return { state, doneAfter };
}

const REST: Array<[number, number, number]> = [
  [0, 4, -3],
  [1.5, 4, -3],
];
const THREE_TURNS: Array<[number, number, number]> = [
  ...REST,
  [2, 34, -3],
  [2.6, 34, -3],
  [3.2, 4, -3],
  [3.8, -26, -3],
  [4.4, -26, -3],
  [5, 4, -3],
  [5.6, 4, 22],
  [6.2, 4, 22],
  [7, 4, -3],
];

describe("live head-turn guide", () => {
  it("ticks the prompts off one by one, in order, as the turns are held", () => {
    const samples = track(THREE_TURNS);
    const { state, doneAfter } = live(samples, ["left", "right", "up"]);
    expect(state.progress.done.map((d) => d.prompt)).toEqual(["left", "right", "up"]);
    // Never goes back, and each tick comes in its own turn's time.
    for (let i = 1; i < doneAfter.length; i++) expect(doneAfter[i]).toBeGreaterThanOrEqual(doneAfter[i - 1]!);
    const at = state.progress.done.map((d) => d.at);
    expect(at[0]).toBeGreaterThan(1.9);
    expect(at[0]).toBeLessThan(3);
    expect(at[1]).toBeGreaterThan(3.5);
    expect(at[1]).toBeLessThan(4.6);
    expect(at[2]).toBeGreaterThan(5.3);
  });

  it("agrees with the server's check of the same track", () => {
    const samples = track(THREE_TURNS);
    const prompts: HeadTurnPrompt[] = ["left", "right", "up"];
    const server = judgeHeadTurns(samples, prompts);
    const { state } = live(samples, prompts);
    expect(server.passed).toBe(true);
    expect(state.progress.done.map((d) => d.prompt)).toEqual(server.done.map((d) => d.prompt));
    expect(state.rest!.yaw).toBeCloseTo(server.rest!.yaw, -1);
  });

  it("ticks nothing for a still face (a photo held to the camera)", () => {
    const { state } = live(
      track([
        [0, 20, -5],
        [12, 20, -5],
      ]),
      ["right", "up", "left"],
    );
    expect(turnsDone(state)).toBe(0);
    expect(state.rest!.yaw).toBeCloseTo(20, -1);
  });

  it("keeps the order: a right turn before the asked left one is not counted for right afterwards", () => {
    const { state } = live(track([...REST, [2, -26, -3], [2.8, -26, -3], [3.4, 4, -3], [4, 34, -3], [4.8, 34, -3], [5.4, 4, -3]]), [
      "left",
      "right",
    ]);
    expect(state.progress.done.map((d) => d.prompt)).toEqual(["left"]);
  });

  it("does not count a turn made while the phrase is still on screen: it is part of the resting pose", () => {
    const { state } = live(
      track([
        [0, 4, -3],
        [0.5, 34, -3],
        [1.2, 34, -3],
        [1.5, 4, -3],
        [4, 4, -3],
      ]),
      ["left"],
    );
    expect(turnsDone(state)).toBe(0);
  });

  it("keeps calibrating until it has three faced frames, whatever the page shows", () => {
    let state = startLiveHeadTurns();
    state = advanceLiveHeadTurns(state, { t: 0.2, yaw: null, pitch: null }, ["left"], { calibrating: true });
    state = advanceLiveHeadTurns(state, { t: 0.4, yaw: 2, pitch: 0 }, ["left"], { calibrating: true });
    expect(state.rest).toEqual({ yaw: 2, pitch: 0 });
    // The phrase is over but only one faced frame so far: these two are rest, not a turn.
    state = advanceLiveHeadTurns(state, { t: 2, yaw: 30, pitch: 0 }, ["left"], { calibrating: false });
    state = advanceLiveHeadTurns(state, { t: 2.2, yaw: 30, pitch: 0 }, ["left"], { calibrating: false });
    expect(state.restSamples).toHaveLength(3);
    expect(turnsDone(state)).toBe(0);
  });

  it("needs each turn held for two frames: one spike, or a frame without a face between, is not a turn", () => {
    const prompts: HeadTurnPrompt[] = ["left"];
    let state = startLiveHeadTurns();
    for (const [i, yaw] of [0, 1, -1].entries())
      state = advanceLiveHeadTurns(state, { t: i * 0.2, yaw, pitch: 0 }, prompts, { calibrating: true });
    const step = (t: number, yaw: number | null) =>
      (state = advanceLiveHeadTurns(state, yaw === null ? { t, yaw: null, pitch: null } : { t, yaw, pitch: 0 }, prompts, {
        calibrating: false,
      }));
    step(1, 40);
    step(1.2, null);
    step(1.4, 40);
    expect(turnsDone(state)).toBe(0);
    step(1.6, 16);
    expect(state.progress.done).toEqual([{ prompt: "left", at: 1.6, degrees: 40 }]);
    // Done prompts stay done; further samples change nothing.
    expect(step(2, 0)).toBe(state);
  });
});

describe("face framing feedback", () => {
  const frame = { width: 640, height: 480 };

  it("finds one face in the picture, large enough", () => {
    expect(faceFraming([{ x: 240, y: 186, width: 178, height: 175 }], frame)).toBe("ok");
    expect(FRAMING_TEXT.ok).toBe("Face found");
  });

  it("asks the person into the frame when no face is found or the face leaves the picture", () => {
    expect(faceFraming([], frame)).toBe("none");
    expect(faceFraming([{ x: -60, y: 100, width: 200, height: 200 }], frame)).toBe("outside");
    expect(faceFraming([{ x: 500, y: 100, width: 200, height: 200 }], frame)).toBe("outside");
    expect(faceFraming([{ x: 200, y: 330, width: 200, height: 200 }], frame)).toBe("outside");
    // A box a few pixels past the edge (the detector pads the chin) still counts as in.
    expect(faceFraming([{ x: -8, y: 100, width: 200, height: 200 }], frame)).toBe("ok");
    expect(FRAMING_TEXT.none).toBe("Move into the frame");
    expect(FRAMING_TEXT.outside).toBe("Move into the frame");
  });

  it("asks the person to come closer below the server's 80 px floor, or a small share of a large frame", () => {
    expect(faceFraming([{ x: 300, y: 200, width: 70, height: 70 }], frame)).toBe("small");
    expect(faceFraming([{ x: 300, y: 200, width: 90, height: 90 }], frame)).toBe("ok");
    // 120 px is over the floor but only 9% of a 1280 px frame.
    expect(faceFraming([{ x: 600, y: 300, width: 120, height: 120 }], { width: 1280, height: 720 })).toBe("small");
    expect(faceFraming([{ x: 600, y: 300, width: 200, height: 200 }], { width: 1280, height: 720 })).toBe("ok");
    expect(FRAMING_TEXT.small).toBe("Come closer");
  });

  it("says so when more than one face is in the picture", () => {
    const f = { x: 100, y: 100, width: 150, height: 150 };
    expect(faceFraming([f, { ...f, x: 350 }], frame)).toBe("many");
  });
});
