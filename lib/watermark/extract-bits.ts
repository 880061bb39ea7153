import { CODE_BITS } from "./payload-code";
import { CHIP_COUNT, CHIP_SIZE, CHIPS_PER_SIDE, TILE_LAYOUT, TILE_SIZE } from "./tile-layout";

// Reads chip values from a folded tile, given where the tile starts (the shift
// found by the sync search). Each chip is read with the bilinear bump it was
// drawn with (a matched filter); the chips of a code bit are then combined
// with their signs into the bit's soft value.
const BUMP: number[] = [];
for (let k = 0; k < 2 * CHIP_SIZE; k++) {
  const offset = k - CHIP_SIZE / 2; // pixel offset from the chip's first pixel
  const center = CHIP_SIZE / 2 - 0.5;
  BUMP.push(Math.max(0, 1 - Math.abs(offset - center) / CHIP_SIZE));
}

export function chipValuesAt(tile: Float64Array, shiftX: number, shiftY: number): Float64Array {
  const mask = TILE_SIZE - 1;
  const values = new Float64Array(CHIP_COUNT);
  for (let chip = 0; chip < CHIP_COUNT; chip++) {
    const x0 = (chip % CHIPS_PER_SIDE) * CHIP_SIZE - CHIP_SIZE / 2 + shiftX;
    const y0 = Math.floor(chip / CHIPS_PER_SIDE) * CHIP_SIZE - CHIP_SIZE / 2 + shiftY;
    let value = 0;
    for (let ky = 0; ky < BUMP.length; ky++) {
      const row = ((y0 + ky) & mask) * TILE_SIZE;
      let rowSum = 0;
      for (let kx = 0; kx < BUMP.length; kx++) rowSum += BUMP[kx]! * tile[row + ((x0 + kx) & mask)]!;
      value += BUMP[ky]! * rowSum;
    }
    values[chip] = value;
  }
  // A host that repeats with a period dividing the chip pitch after folding
  // (a 20 px grid folds onto the 128 px tile with period 4) reads the same
  // value at every chip: a common offset that carries no data (chip signs
  // are balanced) but outvotes weak bits. Remove it.
  let mean = 0;
  for (const v of values) mean += v;
  mean /= CHIP_COUNT;
  for (let chip = 0; chip < CHIP_COUNT; chip++) values[chip]! -= mean;
  return values;
}

export function softBitsFromChips(chips: Float64Array): Float64Array {
  const soft = new Float64Array(CODE_BITS);
  const { dataChips, dataBits, dataSigns } = TILE_LAYOUT;
  for (let i = 0; i < dataChips.length; i++) soft[dataBits[i]!]! += dataSigns[i]! * chips[dataChips[i]!]!;
  return soft;
}

export function softBitsAt(tile: Float64Array, shiftX: number, shiftY: number): Float64Array {
  return softBitsFromChips(chipValuesAt(tile, shiftX, shiftY));
}
