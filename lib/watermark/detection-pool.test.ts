import { readFile } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { decodeFrame, sharpFromFrame } from "@/lib/media";
import { testPhoto } from "@/lib/testing/photos";
import { createDetectionPool, DetectionBusyError, DetectionTimeoutError } from "./detection-pool";
import { embedWatermark, parsePayloadHex } from "./embed";

const PAYLOAD = "0123456789abcdef";

async function markedJpeg(): Promise<Buffer> {
  const frame = await decodeFrame(
    await sharp(await readFile(testPhoto("human-sample5.jpg")))
      .resize(640, 480, { fit: "cover" })
      .png()
      .toBuffer(),
  );
  return sharpFromFrame(embedWatermark(frame, parsePayloadHex(PAYLOAD)))
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** An unmarked photo: detection runs the whole geometry search (about a second or more). */
async function unmarkedJpeg(): Promise<Buffer> {
  return sharp(await readFile(testPhoto("human-sample5.jpg")))
    .resize(800, 600, { fit: "cover" })
    .jpeg({ quality: 90 })
    .toBuffer();
}

describe("watermark detection pool (worker threads)", () => {
  const pool = createDetectionPool({ workers: 1, maxQueued: 1, timeoutMs: 120_000 });
  afterAll(() => pool.close());

  it("reads the payload of a marked image in a worker, leaving the caller's bytes intact", async () => {
    const bytes = await markedJpeg();
    const copy = Buffer.from(bytes);
    const result = await pool.detect({ kind: "image", bytes });
    expect(result.payload).toBe(PAYLOAD);
    expect(result.found).toBe(true);
    expect(bytes.equals(copy)).toBe(true);
  });

  it("keeps the caller's event loop running while a long detection runs", async () => {
    const bytes = await unmarkedJpeg();
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await pool.detect({ kind: "image", bytes });
    running = false;
    expect(result.found).toBe(false);
    // Inline, the synchronous detection would allow no turn at all until it returned.
    expect(turns).toBeGreaterThan(100);
  });

  it("refuses a job with DetectionBusyError when the worker is busy and the queue is full, and still answers the others", async () => {
    const [a, b] = await Promise.all([unmarkedJpeg(), markedJpeg()]);
    const first = pool.detect({ kind: "image", bytes: a });
    const second = pool.detect({ kind: "image", bytes: b });
    await expect(pool.detect({ kind: "image", bytes: b })).rejects.toBeInstanceOf(DetectionBusyError);
    expect((await first).found).toBe(false);
    expect((await second).payload).toBe(PAYLOAD);
  });

  it("rejects a file that is not an image with the decoder's error, and the worker keeps serving", async () => {
    await expect(pool.detect({ kind: "image", bytes: Buffer.from("not an image at all") })).rejects.toThrow(
      /unsupported image format|Input buffer/i,
    );
    expect((await pool.detect({ kind: "image", bytes: await markedJpeg() })).payload).toBe(PAYLOAD);
  });
});

describe("watermark detection pool time limit", () => {
  it("stops a detection that runs past the limit with DetectionTimeoutError, then starts a fresh worker for the next job", async () => {
    const pool = createDetectionPool({ workers: 1, maxQueued: 2, timeoutMs: 50 });
    try {
      await expect(pool.detect({ kind: "image", bytes: await unmarkedJpeg() })).rejects.toBeInstanceOf(DetectionTimeoutError);
      expect(pool.load()).toEqual({ running: 0, queued: 0 });
    } finally {
      await pool.close();
    }
    const fresh = createDetectionPool({ workers: 1, maxQueued: 2, timeoutMs: 120_000 });
    try {
      expect((await fresh.detect({ kind: "image", bytes: await markedJpeg() })).payload).toBe(PAYLOAD);
    } finally {
      await fresh.close();
    }
  });
});
