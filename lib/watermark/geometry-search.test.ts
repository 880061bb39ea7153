import { beforeAll, describe, expect, it } from "vitest";
import { GEOMETRY_ATTACKS } from "./attacks";
import { detectWatermark } from "./detect";
import { embedWatermark, parsePayloadHex } from "./embed";
import { lumaOf } from "./fold";
import { estimateLattices } from "./geometry";
import { createFold, foldLuma } from "./fold";
import { FirstOrderSearch, firstOrderGrid, LatticeFold, rankGeometries } from "./geometry-search";
import type { Frame } from "@/lib/media";
import { photoFrame } from "./test-images";

// The first-order search (issue 12) on the textured photograph where the
// auto-correlation sees nothing: opencv's board (a wooden chess board) after a
// 0.8 rescale, where the true lattice's auto-correlation scores ~0.4 (noise).
const PAYLOAD = "0badc0de12345678";
let original: Frame;
let scaledMarked: Frame;
let scaledOriginal: Frame;
const scale = GEOMETRY_ATTACKS.find((a) => a.name === "scale-0.8")!;

beforeAll(async () => {
  original = await photoFrame("opencv-doc-board.jpg");
  scaledMarked = await scale.apply(embedWatermark(original, parsePayloadHex(PAYLOAD)));
  scaledOriginal = await scale.apply(original);
});

describe("first-order geometry search", () => {
  it("ranks the true lattice first where the auto-correlation misses it, within 0.6 px per tile", () => {
    const luma = lumaOf(scaledMarked);
    const { width, height } = scaledMarked;
    const [best] = rankGeometries(luma, width, height, estimateLattices(luma, width, height, 4), 2);
    const truth = { ax: (128 * width) / original.width, by: (128 * height) / original.height };
    expect(Math.abs(best!.a.x - truth.ax)).toBeLessThan(0.6);
    expect(Math.abs(best!.b.y - truth.by)).toBeLessThan(0.6);
    expect(Math.abs(best!.a.y) + Math.abs(best!.b.x)).toBeLessThan(0.6);
    expect(best!.score).toBeGreaterThan(8);
  });

  it("decodes the exact payload after the rescale", () => {
    const result = detectWatermark(scaledMarked);
    expect(result.payload).toBe(PAYLOAD);
    expect(result.geometry?.scale).toBeCloseTo(0.8, 2);
  });

  it("scores every grid geometry of the unmarked picture as noise, and finds nothing", () => {
    const search = new FirstOrderSearch(lumaOf(scaledOriginal), scaledOriginal.width, scaledOriginal.height);
    const best = Math.max(...firstOrderGrid().map((l) => search.score(l)));
    expect(best).toBeLessThan(6);
    expect(detectWatermark(scaledOriginal).found).toBe(false);
  });
});

describe("the decoding fold through a lattice (LatticeFold)", () => {
  it("folds the unchanged geometry exactly as the ordinary fold does (same tile, same signs)", () => {
    const marked = embedWatermark(original, parsePayloadHex(PAYLOAD));
    const luma = lumaOf(marked);
    const ordinary = createFold();
    foldLuma(ordinary, luma, marked.width, marked.height);
    // Two block phases: the ordinary fold at phase (0, 0) plus the same at (4, 4).
    foldLuma(ordinary, luma, marked.width, marked.height, { x: 4, y: 4 });
    const folded = new LatticeFold(luma, marked.width, marked.height).fold({ a: { x: 128, y: 0 }, b: { x: 0, y: 128 }, score: 0 })!;
    let err = 0;
    let norm = 0;
    for (let i = 0; i < folded.tile.length; i++) {
      err += (folded.tile[i]! - ordinary.tile[i]!) ** 2;
      norm += ordinary.tile[i]! ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(1e-5);
  });

  it("decodes the textured board after a 5 degree turn cropped to its borders, which the resampled fold could not", async () => {
    const turned = await GEOMETRY_ATTACKS.find((a) => a.name === "rotate+5-cropped")!.apply(
      embedWatermark(original, parsePayloadHex(PAYLOAD)),
    );
    const result = detectWatermark(turned);
    expect(result.payload).toBe(PAYLOAD);
    expect(result.geometry?.rotationDeg).toBeCloseTo(5, 0);
  });
});
