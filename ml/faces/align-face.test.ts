import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyAffine, rotationAbout, type Point } from "../image/affine";
import { decodeImage } from "../media/image-io";
import { warpAffine } from "../image/warp-affine";
import { testPhoto } from "../testing/photos";
import { alignmentFor, cropFace, keyPoints, landmarksInCrop, templateAt } from "./align-face";
import { detectFaces } from "./detect-faces";
import { umeyama } from "./umeyama";

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe("face alignment", () => {
  it("umeyama recovers any similarity transform and its inverse maps points back within a pixel", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 0.2, max: 8, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (deg, scale, tx, ty) => {
          const truth = rotationAbout([0, 0], deg, scale, [tx, ty]);
          const src = templateAt(256, 0.2);
          const dst = src.map((p) => applyAffine(truth, p));
          const est = umeyama(src, dst);
          for (const p of src) expect(dist(applyAffine(est, p), applyAffine(truth, p))).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it("round trip of real landmarks through crop and paste-back transforms errs below one pixel", async () => {
    const img = await decodeImage(testPhoto("human-sample-me.jpg"));
    const [face] = await detectFaces(img);
    expect(face).toBeDefined();
    const a = alignmentFor(face!.landmarks, 64);
    const back = landmarksInCrop(face!.landmarks, a).map((p) => applyAffine(a.toImage, p));
    const worst = Math.max(...back.map((p, i) => dist(p, face!.landmarks[i]!)));
    expect(worst).toBeLessThan(1);
    // The crop puts the eyes and mouth where the template expects them.
    const inCrop = keyPoints(landmarksInCrop(face!.landmarks, a));
    const tpl = templateAt(64, 0.2);
    inCrop.forEach((p, i) => expect(dist(p, tpl[i]!)).toBeLessThan(64 * 0.08));
  });

  it("pasting an aligned crop back reproduces the face pixels of the source image", async () => {
    const img = await decodeImage(testPhoto("human-sample-me.jpg"));
    const [face] = await detectFaces(img);
    const a = alignmentFor(face!.landmarks, 256);
    const crop = cropFace(img, a);
    const back = warpAffine(crop, a.toImage, img.width, img.height);
    // Compare the inner half of the face box, far from the crop's edges.
    const { x, y, width, height } = face!.box;
    let err = 0,
      n = 0;
    for (let yy = Math.round(y + height / 4); yy < y + (3 * height) / 4; yy++) {
      for (let xx = Math.round(x + width / 4); xx < x + (3 * width) / 4; xx++) {
        for (let c = 0; c < 3; c++) {
          const i = (yy * img.width + xx) * 3 + c;
          err += Math.abs(back[i]! * 255 - img.data[i]!);
          n++;
        }
      }
    }
    expect(err / n).toBeLessThan(4);
  });
});
