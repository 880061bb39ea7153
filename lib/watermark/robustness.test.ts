import { beforeAll, describe, expect, it } from "vitest";
import { IMAGE_ATTACKS } from "./attacks";
import { detectWatermark } from "./detect";
import { embedWatermark, parsePayloadHex } from "./embed";
import type { Frame } from "@/lib/media";
import { psnr, ssim } from "@/lib/media";
import { photoFrame, syntheticFrame } from "./test-images";

// A handful of images per attack; the 50-image runs are in bench:watermark.
const PAYLOAD = "c0ffee0123456789";
const images: Array<{ name: string; original: Frame; marked: Frame }> = [];

beforeAll(async () => {
  const sources: Array<[string, Frame]> = [
    // Photos of at least 1,100 px as shipped (the size of renders); the harder
    // 512 px textured photos are measured by bench:watermark.
    ["sample-body (@vladmandic/human)", await photoFrame("human-human-sample-body.jpg")],
    ["aloeL (opencv-doc)", await photoFrame("opencv-doc-aloeL.jpg")],
    ["synthetic shapes", await syntheticFrame(720, 540, "robustness")],
  ];
  for (const [name, original] of sources) images.push({ name, original, marked: embedWatermark(original, parsePayloadHex(PAYLOAD)) });
});

describe("invisible watermark robustness", () => {
  for (const attack of IMAGE_ATTACKS) {
    it(`recovers the exact payload after ${attack.name}`, async () => {
      for (const image of images) {
        const result = detectWatermark(await attack.apply(image.marked));
        expect({ image: image.name, found: result.found, payload: result.payload }).toEqual({
          image: image.name,
          found: true,
          payload: PAYLOAD,
        });
      }
    });
  }

  it("stays imperceptible: PSNR at least 42 dB and SSIM above 0.95", () => {
    for (const image of images) {
      expect(psnr(image.original, image.marked)).toBeGreaterThanOrEqual(42);
      expect(ssim(image.original, image.marked)).toBeGreaterThan(0.95);
    }
  });

  it("finds nothing in the same images before watermarking", () => {
    for (const image of images) {
      const result = detectWatermark(image.original);
      expect(result.found).toBe(false);
      expect(result.status).toBe("none");
    }
  });
});
