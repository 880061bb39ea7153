import { describe, expect, it } from "vitest";
import { createIdentityTracks, matchingTrack, median } from "./identity-tracks";

// Unit descriptors along different axes are 1.41 apart (different people);
// small offsets along another axis keep a face within 0.6 of its person.
const person = (axis: number, jitter = 0, jitterAxis = 100): number[] => {
  const d = new Array<number>(128).fill(0);
  d[axis] = 1;
  d[jitterAxis] = jitter;
  return d;
};
const face = (descriptor: number[], width = 100) => ({ descriptor, box: { width } });

describe("identity tracks", () => {
  it("keeps each person in one track through the frames, whatever their order or size in each frame", () => {
    const tracks = createIdentityTracks();
    const first = tracks.add(0, [face(person(0), 200), face(person(1), 80)]);
    const second = tracks.add(1, [face(person(1, 0.2), 300), face(person(0, 0.1), 90)]);
    expect(first.map((t) => t.id)).toEqual(["p1", "p2"]);
    expect(second.map((t) => t.id)).toEqual(["p2", "p1"]);
    expect(tracks.ranked().map((t) => [t.id, t.frames, t.faceWidths])).toEqual([
      ["p1", [0, 1], [200, 90]],
      ["p2", [0, 1], [80, 300]],
    ]);
  });

  it("never puts two faces of one frame into the same track, even when both are near it", () => {
    const tracks = createIdentityTracks();
    tracks.add(0, [face(person(0))]);
    const assigned = tracks.add(1, [face(person(0, 0.3)), face(person(0, 0.1))]);
    expect(assigned.map((t) => t.id)).toEqual(["p2", "p1"]);
  });

  it("ranks people by the frames they appear in, so the performer is the one seen most, not the largest face", () => {
    const tracks = createIdentityTracks();
    tracks.add(0, [face(person(1), 400)]);
    for (let i = 1; i < 4; i++) tracks.add(i, [face(person(0), 50)]);
    expect(tracks.ranked().map((t) => [t.id, t.frames.length])).toEqual([
      ["p2", 3],
      ["p1", 1],
    ]);
  });

  it("matches a chosen descriptor to the nearest track under the threshold, and to none when nobody is that close", () => {
    const tracks = createIdentityTracks();
    tracks.add(0, [face(person(0)), face(person(1))]);
    expect(matchingTrack(tracks.ranked(), person(1, 0.3))?.id).toBe("p2");
    expect(matchingTrack(tracks.ranked(), person(2))).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
