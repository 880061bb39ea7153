import { beforeAll, describe, expect, it } from "vitest";
import { GEOMETRY_ATTACKS } from "./attacks";
import { detectWatermark } from "./detect";
import { embedWatermark, parsePayloadHex } from "./embed";
import { lumaOf } from "./fold";
import { estimateLattices, resampleToCanonical } from "./geometry";
import type { Frame } from "@/lib/media";
import { photoFrame } from "./test-images";

// Net geometry changes (issue 12) on real photos: skimage's coffee and
// opencv's fruits, 512 px on the short side (the bench's size; 1080p renders
// hold 8x the tiles). The 56-photograph rates are in bench:watermark.
const PAYLOAD = "0badc0de12345678";
const images: Array<{ name: string; original: Frame; marked: Frame }> = [];
const attack = (name: string) => GEOMETRY_ATTACKS.find((a) => a.name === name)!;

beforeAll(async () => {
  for (const name of ["python3-skimage-coffee.png", "opencv-doc-fruits.jpg"]) {
    const original = await photoFrame(name);
    images.push({ name, original, marked: embedWatermark(original, parsePayloadHex(PAYLOAD)) });
  }
});

describe("watermark after a net geometry change", () => {
  // One of each class the issue names: scale both ways, rotation with and
  // without its borders, a stretch of the width, and the combined re-share.
  for (const name of ["scale-0.5", "scale-2", "rotate+5", "rotate-3-cropped", "width-10", "scale-0.7+crop-10px+jpeg60+jpeg70"]) {
    it(`recovers the exact payload after ${name}`, async () => {
      for (const image of images) {
        const result = detectWatermark(await attack(name).apply(image.marked));
        expect({ image: image.name, payload: result.payload, undone: result.geometry !== null }).toEqual({
          image: image.name,
          payload: PAYLOAD,
          undone: true,
        });
      }
    });
  }

  it("measures the change: a 0.8 rescale within 0.25 px per tile, a 3 degree turn within 0.1 degree", async () => {
    const { marked } = images[0]!;
    const scaled = await attack("scale-0.8").apply(marked);
    const [lattice] = estimateLattices(lumaOf(scaled), scaled.width, scaled.height, 1);
    // The true steps: the sizes are rounded to whole pixels (768 x 512 -> 614 x 410).
    expect(Math.abs(lattice!.a.x - (128 * scaled.width) / marked.width)).toBeLessThan(0.25);
    expect(Math.abs(lattice!.b.y - (128 * scaled.height) / marked.height)).toBeLessThan(0.25);
    expect(Math.abs(lattice!.a.y) + Math.abs(lattice!.b.x)).toBeLessThan(0.3);
    const turned = await attack("rotate-3").apply(images[0]!.marked);
    const result = detectWatermark(turned);
    expect(result.payload).toBe(PAYLOAD);
    expect(result.geometry!.rotationDeg).toBeCloseTo(-3, 1);
    expect(result.geometry!.scale).toBeCloseTo(1, 2);
  });

  it("keeps the fast path: an unchanged picture decodes without a geometry search", () => {
    const result = detectWatermark(images[0]!.marked);
    expect(result.payload).toBe(PAYLOAD);
    expect(result.geometry).toBeNull();
  });

  it("finds nothing in the unmarked photos after the same changes", async () => {
    for (const image of images) {
      for (const name of ["scale-0.7", "rotate+5"]) {
        const result = detectWatermark(await attack(name).apply(image.original));
        expect({ image: image.name, name, found: result.found }).toEqual({ image: image.name, name, found: false });
      }
    }
  });

  it("resamples onto the tile's own grid: a known stretch undone gives back the picture", () => {
    const width = 200;
    const height = 100;
    const luma = new Float32Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) luma[y * width + x] = x + 2 * y;
    // The picture stretched 2x along x: a tile step along x covers 256 px.
    const canonical = resampleToCanonical(luma, width, height, { a: { x: 256, y: 0 }, b: { x: 0, y: 128 }, score: 1 })!;
    expect(canonical.width).toBe(100);
    expect(canonical.height).toBe(100);
    expect(canonical.luma[10 * 100 + 30]).toBeCloseTo(60 + 20, 4);
  });
});
