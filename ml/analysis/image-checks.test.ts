import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { testPhoto } from "../testing/photos";
import { analyzeLikenessImage, summarizeLikenessSet, type AnalyzedImage } from "./analyze-likeness-set";

// Per-photo checks on real photos changed the way a talent's uploads differ.
const jpeg = async (name: string, s: Sharp) => ({ name, bytes: new Uint8Array(await s.jpeg({ quality: 90 }).toBuffer()) });

describe("per-photo checks", () => {
  it("flags a face blurred with a 2 px gaussian (4 px either side) even when every photo of the set is as blurred", async () => {
    const set: AnalyzedImage[] = [];
    for (const p of await augmentedPortraits(3))
      set.push(await analyzeLikenessImage(await jpeg(`blurred-${p.name}`, sharp(p.bytes).blur(2))));
    const report = await summarizeLikenessSet(set);
    for (const image of report.images) {
      expect(image.facesFound).toBe(1);
      // The Laplacian variance alone stays far above its floor (40): only the detail ratio sees the blur.
      expect(image.blurScore!).toBeGreaterThan(40);
      expect(image.detailRatio!).toBeLessThan(0.12);
      expect(image.issues.map((i) => i.code)).toEqual(["blurry"]);
    }
    expect(report.advice.some((a) => a.startsWith("Replace 3 blurred photo(s)"))).toBe(true);
  }, 120_000);

  it("flags a face blurred with a 4 px gaussian", async () => {
    const { report } = await analyzeLikenessImage(
      await jpeg("blurred-grace.jpg", sharp(testPhoto("python-matplotlib-data-grace_hopper.jpg")).blur(4)),
    );
    expect(report.facesFound).toBe(1);
    expect(report.blurScore!).toBeGreaterThan(40);
    expect(report.coarseDetailRatio!).toBeLessThan(0.15);
    expect(report.issues.map((i) => i.code)).toEqual(["blurry"]);
  });

  it("keeps sharp photos usable, both detail ratios above their floors", async () => {
    const sharpPhoto = await analyzeLikenessImage((await augmentedPortraits(1))[0]!);
    expect(sharpPhoto.report.detailRatio!).toBeGreaterThan(0.12);
    expect(sharpPhoto.report.coarseDetailRatio!).toBeGreaterThan(0.15);
    expect(sharpPhoto.report.usable).toBe(true);
  });

  it("does not take a small face on a poster behind the talent for a group photo", async () => {
    // Grace Hopper's portrait shrunk so her face is ~34 px wide, pasted behind the talent's 237 px face.
    const poster = await sharp(testPhoto("python-matplotlib-data-grace_hopper.jpg")).resize(96).toBuffer();
    const photo = await jpeg("with-poster.jpg", sharp(testPhoto("human-sample-me.jpg")).composite([{ input: poster, left: 590, top: 20 }]));
    const { report, descriptor } = await analyzeLikenessImage(photo);
    expect(report.facesFound).toBe(2);
    expect(report.faceSize!).toBeGreaterThan(200);
    expect(report.issues).toEqual([]);
    expect(report.usable).toBe(true);
    expect(descriptor).toHaveLength(128);
  });

  it("still rejects a photo with two faces of comparable size", async () => {
    const { report } = await analyzeLikenessImage(await jpeg("group.jpg", sharp(testPhoto("human-sample1.jpg"))));
    expect(report.issues.map((i) => i.code)).toEqual(["multiple-faces"]);
  });

  it("names the measured and the needed face size when every face is too small", async () => {
    const set: AnalyzedImage[] = [];
    for (const p of await augmentedPortraits(2))
      set.push(await analyzeLikenessImage(await jpeg(`small-${p.name}`, sharp(p.bytes).resize(170))));
    const report = await summarizeLikenessSet(set);
    const sizes = report.images.map((i) => i.faceSize!);
    for (const s of sizes) expect(s).toBeLessThan(80);
    const advice = report.advice.find((a) => a.startsWith("Your face is too small in every photo"));
    expect(advice).toContain(`${Math.min(...sizes)}`);
    expect(advice).toContain("at least 80 px needed");
  }, 120_000);
});
