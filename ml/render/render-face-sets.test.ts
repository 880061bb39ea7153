import { describe, expect, it } from "vitest";
import type { DetectedFace } from "../faces/detect-faces";
import { PRESETS } from "../model/presets";
import { everyNthText, isSmallFace, isStillImage } from "./render-face-sets";

describe("render face-set helpers", () => {
  it("words the footage sampling rate with English ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(everyNthText)).toEqual([
      "every frame",
      "every 2nd frame",
      "every 3rd frame",
      "every 4th frame",
      "every 11th frame",
      "every 12th frame",
      "every 13th frame",
      "every 21st frame",
      "every 22nd frame",
      "every 23rd frame",
      "every 101st frame",
      "every 111th frame",
    ]);
  });

  it("calls a face small when it is narrower than the model's face area (crop minus margins)", () => {
    const face = (width: number): DetectedFace => ({ box: { x: 0, y: 0, width, height: width }, score: 1, landmarks: [] });
    // small: 64 px crop with a 0.2 margin each side leaves 38.4 px of face.
    expect(isSmallFace(face(38), PRESETS.small)).toBe(true);
    expect(isSmallFace(face(39), PRESETS.small)).toBe(false);
  });

  it("treats jpg, png and webp footage as stills and anything else as video", () => {
    expect(["a.JPG", "b.jpeg", "c.png", "d.webp"].every(isStillImage)).toBe(true);
    expect(["e.mp4", "f.mov", "g.png.mp4"].some(isStillImage)).toBe(false);
  });
});
