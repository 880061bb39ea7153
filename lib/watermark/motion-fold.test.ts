import { describe, expect, it } from "vitest";
import { detectFromFold } from "./detect";
import { payloadToHex } from "./embed";
import { createFold } from "./fold";
import { addAlignedFrame, createMotionFold } from "./motion-fold";
import { encodePayload } from "./payload-code";
import { createPrng } from "./prng";
import { TILE_SIZE } from "./tile-layout";
import { renderTile } from "./tile-pattern";

describe("motion-aligned fold over video frames", () => {
  it("decodes a pattern that drifts 3 px per frame, which the plain fold smears", () => {
    const payload = Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]);
    const pattern = renderTile(encodePayload(payload));
    const random = createPrng("motion-fold-test");
    const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    const plain = createFold();
    const motion = createMotionFold();
    for (let f = 0; f < 40; f++) {
      const shift = (3 * f) % TILE_SIZE;
      const tile = new Float64Array(TILE_SIZE * TILE_SIZE);
      // Tiles alternate in sign, so a shifted fold is negacyclic: the part that wrapped flips.
      for (let y = 0; y < TILE_SIZE; y++)
        for (let x = 0; x < TILE_SIZE; x++)
          tile[y * TILE_SIZE + x] = (x < shift ? -1 : 1) * pattern[y * TILE_SIZE + ((x - shift) & (TILE_SIZE - 1))]! + 6 * gauss();
      for (let i = 0; i < tile.length; i++) plain.tile[i]! += tile[i]!;
      plain.frames++;
      addAlignedFrame(motion, tile);
    }
    expect(detectFromFold(plain).found).toBe(false);
    const result = detectFromFold(motion.aligned);
    expect(result).toMatchObject({ found: true, payload: payloadToHex(payload), framesAnalysed: 40 });
  });

  it("adds nothing from frames whose sync peak is noise", () => {
    const random = createPrng("motion-fold-noise");
    const motion = createMotionFold();
    let added = 0;
    for (let f = 0; f < 20; f++) {
      const tile = Float64Array.from({ length: TILE_SIZE * TILE_SIZE }, () => random() - 0.5);
      const before = motion.aligned.tile.slice();
      addAlignedFrame(motion, tile);
      added += motion.aligned.tile.some((v, i) => v !== before[i]) ? 1 : 0;
    }
    expect(detectFromFold(motion.aligned).found).toBe(false);
    // The largest of 16,384 noise correlations is about 4 standard deviations.
    expect(added).toBeLessThan(10);
  });
});
