import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newDataKey, seal } from "./envelope";
import {
  CHUNK_OVERHEAD,
  isChunkedSealed,
  openAnySealedStream,
  openSealed,
  openStream,
  sealChunked,
  sealedSize,
  sealStream,
} from "./sealed-stream";

const CHUNK = 1024; // the smallest chunk size, so a few KB make many chunks
const HEADER = 24;
const RECORD = CHUNK + CHUNK_OVERHEAD;
const key = newDataKey();

async function* pieces(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
async function all(chunks: AsyncIterable<Uint8Array>) {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c);
  return Buffer.concat(out);
}
const sealSmall = (plain: Buffer, aad = "blob/1") => all(sealStream(key, pieces(plain, 700), aad, CHUNK));
/** The sealed chunks of a blob (after the header), as separate buffers. */
const recordsOf = (sealed: Buffer) => {
  const out: Buffer[] = [];
  for (let i = HEADER; i < sealed.length; i += RECORD) out.push(sealed.subarray(i, i + RECORD));
  return out;
};
const openBoth = async (sealed: Buffer, aad = "blob/1") => ({
  whole: await openSealed(key, sealed, aad).then(
    () => "opened",
    (e: Error) => e.message,
  ),
  streamed: await all(openStream(key, pieces(sealed, 333), aad)).then(
    () => "opened",
    (e: Error) => e.message,
  ),
});

describe("chunked sealing", () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3.5 * CHUNK])(
    "round-trips %i bytes, whole and streamed in odd pieces",
    async (n) => {
      const plain = randomBytes(n);
      const sealed = await sealSmall(plain);
      expect(sealed.length).toBe(sealedSize(n, CHUNK));
      expect(isChunkedSealed(sealed)).toBe(true);
      expect(await openSealed(key, sealed, "blob/1")).toEqual(plain);
      expect(await all(openStream(key, pieces(sealed, 333), "blob/1"))).toEqual(plain);
      expect(await all(openAnySealedStream(key, pieces(sealed, 5), "blob/1"))).toEqual(plain);
    },
  );

  it("uses 1 MiB chunks by default (sealChunked of a buffer)", async () => {
    const plain = randomBytes(2.5 * 1024 * 1024);
    const sealed = await sealChunked(key, plain, "k");
    expect(sealed.length).toBe(HEADER + 3 * CHUNK_OVERHEAD + plain.length);
    expect((await openSealed(key, sealed, "k")).equals(plain)).toBe(true); // toEqual on MBs is slow
  });

  it("still opens blobs sealed in the earlier single-piece format, whole and streamed", async () => {
    const plain = randomBytes(5000);
    const legacy = seal(key, plain, "blob/1");
    expect(isChunkedSealed(legacy)).toBe(false);
    expect(await openSealed(key, legacy, "blob/1")).toEqual(plain);
    expect(await all(openAnySealedStream(key, pieces(legacy, 7), "blob/1"))).toEqual(plain);
    await expect(openSealed(key, legacy, "blob/2")).rejects.toThrow();
  });

  it("refuses a blob cut at a chunk boundary (its last chunk is not marked final)", async () => {
    const sealed = await sealSmall(randomBytes(3 * CHUNK + 10));
    const cut = sealed.subarray(0, HEADER + 3 * RECORD);
    const r = await openBoth(cut);
    expect(r.whole).toMatch(/chunk 2/);
    expect(r.streamed).toMatch(/chunk 2/);
  });

  it("refuses a blob cut inside a chunk, or down to its header", async () => {
    const sealed = await sealSmall(randomBytes(2 * CHUNK));
    expect((await openBoth(sealed.subarray(0, sealed.length - 1))).streamed).toMatch(/authentication/);
    expect((await openBoth(sealed.subarray(0, HEADER))).streamed).toMatch(/truncated/);
    expect((await openBoth(sealed.subarray(0, 10))).streamed).toMatch(/truncated/);
  });

  it("refuses reordered chunks", async () => {
    const sealed = await sealSmall(randomBytes(3 * CHUNK + 10));
    const [a, b, ...rest] = recordsOf(sealed);
    const swapped = Buffer.concat([sealed.subarray(0, HEADER), b!, a!, ...rest]);
    expect(await openBoth(swapped)).toEqual({ whole: expect.stringMatching(/chunk 0/), streamed: expect.stringMatching(/chunk 0/) });
  });

  it("refuses a dropped or duplicated chunk", async () => {
    const sealed = await sealSmall(randomBytes(3 * CHUNK + 10));
    const [a, b, c, d] = recordsOf(sealed);
    const head = sealed.subarray(0, HEADER);
    expect((await openBoth(Buffer.concat([head, a!, c!, d!]))).streamed).toMatch(/chunk 1/);
    expect((await openBoth(Buffer.concat([head, a!, a!, b!, c!, d!]))).streamed).toMatch(/chunk 1/);
  });

  it("refuses a chunk swapped in from another blob sealed with the same key and blob key", async () => {
    const one = await sealSmall(randomBytes(2 * CHUNK + 10));
    const two = await sealSmall(randomBytes(2 * CHUNK + 10));
    const [, b1] = recordsOf(one);
    const [a2, , c2] = recordsOf(two);
    const mixed = Buffer.concat([two.subarray(0, HEADER), a2!, b1!, c2!]);
    expect(await openBoth(mixed)).toEqual({ whole: expect.stringMatching(/chunk 1/), streamed: expect.stringMatching(/chunk 1/) });
  });

  it("refuses appended bytes, a flipped bit, another blob key or another data key", async () => {
    const plain = randomBytes(2 * CHUNK);
    const sealed = await sealSmall(plain);
    expect((await openBoth(Buffer.concat([sealed, Buffer.from("x")]))).streamed).toMatch(/authentication/);
    const flipped = Buffer.from(sealed);
    flipped[HEADER + RECORD + 40]! ^= 1;
    expect((await openBoth(flipped)).streamed).toMatch(/chunk 1/);
    expect((await openBoth(sealed, "blob/2")).streamed).toMatch(/chunk 0/);
    await expect(openSealed(newDataKey(), sealed, "blob/1")).rejects.toThrow(/authentication/);
  });

  it("refuses a header whose chunk size was changed", async () => {
    const sealed = await sealSmall(randomBytes(3 * CHUNK));
    const forged = Buffer.from(sealed);
    forged[7] = 11; // 2 KiB
    expect((await openBoth(forged)).streamed).toMatch(/authentication/);
    forged[7] = 40; // 1 TiB chunks: refused before anything is buffered
    expect((await openBoth(forged)).streamed).toMatch(/invalid chunk size/);
  });
});
