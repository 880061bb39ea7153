import { describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { judgeHeadTurns, randomHeadTurnPrompts, type PoseSample } from "./head-turns";

// Head-pose tracks as the consent-video check measures them: 8 samples a
// second, yaw/pitch in degrees with the 3-6 degree frame-to-frame wander of
// 68-point landmark fits (seeded noise), and null where no single face was seen.

const rand = createRng(7).next;
const noise = () => (rand() - 0.5) * 8;

/** A track through key poses: [seconds, yaw, pitch], linearly between them. */
function track(keys: Array<[number, number, number]>, hz = 8): PoseSample[] {
  const out: PoseSample[] = [];
  const end = keys.at(-1)![0];
  for (let i = 0; i * (1 / hz) <= end; i++) {
    const t = i / hz;
    const k = keys.findIndex(([kt]) => kt >= t);
    const [t1, y1, p1] = keys[Math.max(0, k)]!;
    const [t0, y0, p0] = keys[Math.max(0, k - 1)]!;
    const f = t1 === t0 ? 1 : (t - t0) / (t1 - t0);
    out.push({ t, yaw: y0 + f * (y1 - y0) + noise(), pitch: p0 + f * (p1 - p0) + noise() });
  }
  return out;
}

const REST: Array<[number, number, number]> = [
  [0, 0, 0],
  [1.5, 0, 0],
];

describe("head-turn challenge", () => {
  it("passes turns made in the order asked, each held, with when and how far", () => {
    const poses = track([
      ...REST,
      [2, 30, 0],
      [2.6, 30, 0],
      [3.2, 0, 0],
      [3.8, -30, 0],
      [4.4, -30, 0],
      [5, 0, 0],
      [5.6, 0, 25],
      [6.2, 0, 25],
      [7, 0, 0],
    ]);
    const r = judgeHeadTurns(poses, ["left", "right", "up"]);
    expect(r.passed).toBe(true);
    expect(r.missing).toEqual([]);
    expect(r.done.map((d) => d.prompt)).toEqual(["left", "right", "up"]);
    expect(r.done[0]!.at).toBeGreaterThan(1.5);
    expect(r.done[1]!.at).toBeGreaterThan(r.done[0]!.at);
    expect(r.done.every((d) => d.degrees >= 15)).toBe(true);
  });

  it("fails a still face (a photo held to the camera): landmark noise never makes a turn", () => {
    const still = track([
      [0, 3, -5],
      [10, 3, -5],
    ]);
    const r = judgeHeadTurns(still, ["right", "up", "left"]);
    expect(r.passed).toBe(false);
    expect(r.done).toEqual([]);
    expect(r.missing).toEqual(["right", "up", "left"]);
  });

  it("does not accept turns made in another order: a right turn before the asked left one does not count afterwards", () => {
    const poses = track([...REST, [2, -30, 0], [2.8, -30, 0], [3.4, 0, 0], [4, 30, 0], [4.8, 30, 0], [5.4, 0, 0]]);
    const r = judgeHeadTurns(poses, ["left", "right"]);
    expect(r.done.map((d) => d.prompt)).toEqual(["left"]);
    expect(r.missing).toEqual(["right"]);
    expect(r.passed).toBe(false);
  });

  it("measures turns from the person's resting pose, not from 0 degrees", () => {
    // Resting 12 degrees to the left: a further 10 is not a turn, back to -20 is a right turn of 32.
    const poses = track([
      [0, 12, 0],
      [1.5, 12, 0],
      [2, 22, 0],
      [2.6, 22, 0],
      [3.2, -20, 0],
      [3.8, -20, 0],
    ]);
    const r = judgeHeadTurns(poses, ["left", "right"]);
    expect(r.rest!.yaw).toBeCloseTo(12, -1);
    expect(r.done.map((d) => d.prompt)).toEqual([]);
    const right = judgeHeadTurns(poses, ["right"]);
    expect(right.passed).toBe(true);
    expect(right.done[0]!.degrees).toBeGreaterThan(25);
  });

  it("ignores a single-frame spike and frames without a face", () => {
    const poses = track([...REST, [4, 0, 0]]);
    poses[20] = { t: poses[20]!.t, yaw: 40, pitch: 0 };
    poses[21] = { t: poses[21]!.t, yaw: null, pitch: null };
    poses[22] = { t: poses[22]!.t, yaw: 40, pitch: 0 };
    expect(judgeHeadTurns(poses, ["left"]).passed).toBe(false);
  });

  it("needs a face to judge: a track with fewer than three faced frames passes nothing", () => {
    expect(
      judgeHeadTurns(
        [
          { t: 0, yaw: null, pitch: null },
          { t: 0.1, yaw: 30, pitch: 0 },
        ],
        ["left"],
      ),
    ).toMatchObject({ passed: false, rest: null, missing: ["left"] });
  });

  it("draws every order of the three prompts", () => {
    const r = createRng(1).next;
    const seen = new Set(Array.from({ length: 200 }, () => randomHeadTurnPrompts(r).join(",")));
    expect(seen.size).toBe(6);
    for (const order of seen) expect(order.split(",").sort()).toEqual(["left", "right", "up"]);
  });
});
