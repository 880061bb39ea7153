import { describe, expect, it } from "vitest";
import { chipValuesAt, softBitsAt } from "./extract-bits";
import { withoutLines } from "./fold";
import { encodePayload } from "./payload-code";
import { TILE_SIZE } from "./tile-layout";
import { renderTile } from "./tile-pattern";

describe("chip reading", () => {
  it("ignores a host that folds onto the tile with the chip pitch (period 4 px)", () => {
    const code = encodePayload(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const pattern = renderTile(code);
    const clean = Float64Array.from(pattern);
    // A folded grid of 20 px cells: period 4 in both directions, 20x the pattern.
    const aliased = Float64Array.from(
      pattern,
      (v, i) => v + 20 * Math.cos((Math.PI / 2) * (i % TILE_SIZE)) * Math.cos((Math.PI / 2) * Math.floor(i / TILE_SIZE)) + 20,
    );
    const a = softBitsAt(clean, 0, 0);
    const b = softBitsAt(aliased, 0, 0);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
    const chips = chipValuesAt(aliased, 0, 0);
    expect(chips.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 6);
  });
});

describe("folded-tile line removal", () => {
  it("removes a border that folded into one row and one column, keeping the bits", () => {
    const code = encodePayload(Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]));
    const pattern = renderTile(code);
    const lined = Float64Array.from(pattern, (v, i) => v + (Math.floor(i / TILE_SIZE) === 40 ? 50 : 0) + (i % TILE_SIZE === 77 ? -50 : 0));
    const hard = (soft: Float64Array) => Array.from(soft, (v) => (v > 0 ? 1 : 0));
    const truth = Array.from(code);
    const errors = (bits: number[]) => bits.reduce((e, b, i) => e + (b !== truth[i] ? 1 : 0), 0);
    expect(errors(hard(softBitsAt(lined, 0, 0)))).toBeGreaterThan(5);
    expect(errors(hard(softBitsAt(withoutLines(lined), 0, 0)))).toBe(0);
  });
});
