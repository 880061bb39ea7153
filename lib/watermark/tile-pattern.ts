import { CHIP_COUNT, CHIP_SIZE, CHIPS_PER_SIDE, TILE_LAYOUT, TILE_SIZE } from "./tile-layout";

// Renders chip values into the pixel pattern of one tile. Chips are joined by
// cyclic bilinear interpolation (no hard block edges: they would cost PSNR and
// are the first thing JPEG and blur remove), then the tile's slowly varying
// part is removed because the detector's whitening filter discards it anyway.
const LOW_PASS_RADIUS = 8;

function upsampleChips(chips: Float32Array): Float32Array {
  const tile = new Float32Array(TILE_SIZE * TILE_SIZE);
  const n = CHIPS_PER_SIDE;
  for (let y = 0; y < TILE_SIZE; y++) {
    const v = (y + 0.5) / CHIP_SIZE - 0.5;
    const v0 = Math.floor(v);
    const fy = v - v0;
    const r0 = ((v0 + n) % n) * n;
    const r1 = ((v0 + 1 + n) % n) * n;
    for (let x = 0; x < TILE_SIZE; x++) {
      const u = (x + 0.5) / CHIP_SIZE - 0.5;
      const u0 = Math.floor(u);
      const fx = u - u0;
      const c0 = (u0 + n) % n;
      const c1 = (u0 + 1 + n) % n;
      const top = chips[r0 + c0]! * (1 - fx) + chips[r0 + c1]! * fx;
      const bottom = chips[r1 + c0]! * (1 - fx) + chips[r1 + c1]! * fx;
      tile[y * TILE_SIZE + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return tile;
}

/** Cyclic box blur of a square tile (separable, radius r). */
export function cyclicBoxBlur(tile: Float32Array, size: number, radius: number): Float32Array {
  const tmp = new Float32Array(tile.length);
  const out = new Float32Array(tile.length);
  const width = 2 * radius + 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += tile[y * size + ((x + k + size) % size)]!;
      tmp[y * size + x] = s / width;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += tmp[((y + k + size) % size) * size + x]!;
      out[y * size + x] = s / width;
    }
  }
  return out;
}

function bandPass(tile: Float32Array): Float32Array {
  const low = cyclicBoxBlur(tile, TILE_SIZE, LOW_PASS_RADIUS);
  for (let i = 0; i < tile.length; i++) tile[i]! -= low[i]!;
  return tile;
}

export function meanSquare(tile: Float32Array): number {
  let energy = 0;
  for (const v of tile) energy += v * v;
  return energy / tile.length;
}

function bandPassUnitRms(tile: Float32Array): Float32Array {
  bandPass(tile);
  const scale = 1 / Math.sqrt(meanSquare(tile));
  for (let i = 0; i < tile.length; i++) tile[i]! *= scale;
  return tile;
}

/** Any chip values rendered and band-passed, without normalisation (linear in the chips). */
export function renderChips(chips: Float32Array): Float32Array {
  return bandPass(upsampleChips(chips));
}

/** Chip values of the sync part alone (data chips zero). */
export function syncChipValues(): Float32Array {
  const chips = new Float32Array(CHIP_COUNT);
  const { syncChips, syncSigns } = TILE_LAYOUT;
  for (let i = 0; i < syncChips.length; i++) chips[syncChips[i]!] = syncSigns[i]!;
  return chips;
}

/** Target value (+1/-1) of every chip for a code word: sync and data. */
export function chipTargets(codeBits: Uint8Array): Float32Array {
  const chips = syncChipValues();
  const { dataChips, dataBits, dataSigns } = TILE_LAYOUT;
  for (let i = 0; i < dataChips.length; i++) {
    chips[dataChips[i]!] = (codeBits[dataBits[i]!] ? 1 : -1) * dataSigns[i]!;
  }
  return chips;
}

/** The full tile (sync + payload) as a unit-RMS pixel pattern. */
export function renderTile(codeBits: Uint8Array): Float32Array {
  return bandPassUnitRms(upsampleChips(chipTargets(codeBits)));
}

/** The sync part only, band-passed the same way: the detector's search template. */
export function renderSyncTemplate(): Float32Array {
  return bandPassUnitRms(upsampleChips(syncChipValues()));
}
