import { CODE_BITS } from "./payload-code";
import { createPrng, shuffledIndices } from "./prng";

// Where each chip of the repeated tile goes. A tile of TILE_SIZE pixels holds
// (TILE_SIZE / CHIP_SIZE)^2 chips; some carry a fixed sync pattern (found again
// after a crop by cyclic cross-correlation), the rest carry the coded payload
// bits, each bit spread over several chips with pseudo-random signs.
export const WATERMARK_KEY = "likeness-watermark-v1";
export const TILE_SIZE = 128;
export const CHIP_SIZE = 4;
export const CHIPS_PER_SIDE = TILE_SIZE / CHIP_SIZE;
export const CHIP_COUNT = CHIPS_PER_SIDE * CHIPS_PER_SIDE;
/** Data chips = CHIPS_PER_BIT * CODE_BITS; the remainder are sync chips. */
export const CHIPS_PER_BIT = 3;
export const DATA_CHIP_COUNT = CHIPS_PER_BIT * CODE_BITS;
export const SYNC_CHIP_COUNT = CHIP_COUNT - DATA_CHIP_COUNT;

export type TileLayout = {
  /** Chip indices (row * CHIPS_PER_SIDE + col) of the sync chips. */
  syncChips: Uint32Array;
  /** Value (+1/-1) of each sync chip. */
  syncSigns: Float32Array;
  /** Chip index of each data chip. */
  dataChips: Uint32Array;
  /** Code bit carried by each data chip. */
  dataBits: Uint32Array;
  /** Sign applied to the bit value (+1/-1) on each data chip. */
  dataSigns: Float32Array;
};

function buildLayout(): TileLayout {
  const random = createPrng(WATERMARK_KEY);
  const order = shuffledIndices(CHIP_COUNT, random);
  const syncChips = order.slice(0, SYNC_CHIP_COUNT);
  const syncSigns = Float32Array.from(syncChips, () => (random() < 0.5 ? -1 : 1));
  const dataChips = order.slice(SYNC_CHIP_COUNT);
  const dataBits = Uint32Array.from(dataChips, (_, i) => i % CODE_BITS);
  const dataSigns = Float32Array.from(dataChips, () => (random() < 0.5 ? -1 : 1));
  return { syncChips, syncSigns, dataChips, dataBits, dataSigns };
}

export const TILE_LAYOUT: TileLayout = buildLayout();
