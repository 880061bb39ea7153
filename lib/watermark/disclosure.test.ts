import { describe, expect, it } from "vitest";
import { drawDisclosure, MIN_SIZE_FRACTION } from "./disclosure";
import type { Frame } from "@/lib/media";

const grey = (width: number, height: number): Frame => ({ width, height, channels: 3, data: new Uint8Array(width * height * 3).fill(128) });

describe("visible disclosure", () => {
  it("draws a dark box with white text in the corner the license sets", async () => {
    const frame = grey(1920, 1080);
    const overlay = await drawDisclosure(frame, {
      text: "AI-generated likeness, licensed",
      verifyCode: "028T-5CY4-TQKF-FA",
      position: "top-left",
    });
    expect(overlay.left).toBeLessThan(100);
    expect(overlay.top).toBeLessThan(100);
    let white = 0;
    let dark = 0;
    for (let y = overlay.top; y < overlay.top + overlay.height; y++)
      for (let x = overlay.left; x < overlay.left + overlay.width; x++) {
        const v = frame.data[(y * frame.width + x) * 3]!;
        if (v > 220) white++;
        if (v < 70) dark++;
      }
    expect(white).toBeGreaterThan(500);
    expect(dark).toBeGreaterThan(white);
    // Untouched outside the box.
    expect(frame.data[(1000 * 1920 + 1800) * 3]).toBe(128);
  });

  it("keeps text at least 14 px tall once the frame is scaled to 360p, whatever size is asked", async () => {
    const overlay = await drawDisclosure(grey(1280, 720), { text: "AI-generated likeness", sizeFraction: 0.01, position: "bottom-right" });
    // One line of text at MIN_SIZE_FRACTION plus padding, in 360p pixels.
    expect((overlay.height * 360) / 720).toBeGreaterThanOrEqual(MIN_SIZE_FRACTION * 360);
    expect(overlay.left + overlay.width).toBeLessThanOrEqual(1280);
    expect(overlay.top).toBeGreaterThan(600);
  });
});
