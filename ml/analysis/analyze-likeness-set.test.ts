import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { augmentedPortraits, blurred, photo } from "../testing/likeness-fixtures";
import {
  analyzeLikenessImage,
  analyzeLikenessSet,
  summarizeLikenessSet,
  type AnalyzedImage,
  type LikenessImage,
} from "./analyze-likeness-set";
import type { LikenessSetReport } from "./types";

describe("likeness set analysis", () => {
  let report: LikenessSetReport;
  let set: LikenessImage[];
  beforeAll(async () => {
    set = [
      ...(await augmentedPortraits(4)),
      await blurred("human-sample-me.jpg", 3),
      await photo("python-matplotlib-data-grace_hopper.jpg"),
      await photo("human-sample1.jpg"),
      await photo("opencv-doc-fruits.jpg"),
    ];
    report = await analyzeLikenessSet(set);
  });

  const issuesOf = (name: string) => report.images.find((i) => i.name === name)!.issues.map((i) => i.code);

  it("accepts the sharp single-person portraits with pose, blur and size measured", () => {
    for (const name of ["me-0.jpg", "me-1.jpg", "me-2.jpg", "me-3.jpg"]) {
      const img = report.images.find((i) => i.name === name)!;
      expect(img.usable).toBe(true);
      expect(img.facesFound).toBe(1);
      expect(Math.abs(img.pose!.yaw)).toBeLessThan(30);
      expect(img.faceSize).toBeGreaterThan(100);
    }
    expect(report.usableCount).toBe(4);
  });

  it("flags the blurred image as blurry", () => {
    expect(issuesOf("blurred-human-sample-me.jpg")).toEqual(["blurry"]);
  });

  it("flags a photo of another person as possibly another person", () => {
    expect(issuesOf("python-matplotlib-data-grace_hopper.jpg")).toContain("possibly-another-person");
    expect(report.identity.outliers).toEqual(["python-matplotlib-data-grace_hopper.jpg"]);
  });

  it("rejects group photos and photos without a face with the reason", () => {
    expect(issuesOf("human-sample1.jpg")).toEqual(["multiple-faces"]);
    expect(issuesOf("opencv-doc-fruits.jpg")).toEqual(["no-face"]);
  });

  it("reports empty profile cells in the pose grid and advises adding profile shots", async () => {
    const profileColumns = [0, 4];
    for (const row of report.poseGrid.counts) for (const c of profileColumns) expect(row[c]).toBe(0);
    expect(report.advice.some((a) => a.startsWith("Add left-profile shots"))).toBe(true);
    expect(report.advice.some((a) => a.startsWith("Add right-profile shots"))).toBe(true);
    const meta = await sharp(Buffer.from(report.poseGrid.pngBase64, "base64")).metadata();
    expect(meta.format).toBe("png");
  });

  it("produces a report that survives a JSON round trip unchanged", () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  describe("per image, then summarized", () => {
    let stored: AnalyzedImage[];
    beforeAll(async () => {
      // As the platform stores them: JSON report and descriptor, read back later.
      stored = [];
      for (const image of set) stored.push(JSON.parse(JSON.stringify(await analyzeLikenessImage(image))) as AnalyzedImage);
    });

    it("keeps set-level issues out of the per-image result and gives a descriptor only for single faces", () => {
      const byName = (name: string) => stored.find((s) => s.report.name === name)!;
      expect(byName("python-matplotlib-data-grace_hopper.jpg").report.issues).toEqual([]);
      expect(byName("python-matplotlib-data-grace_hopper.jpg").descriptor).toHaveLength(128);
      expect(byName("human-sample1.jpg").descriptor).toBeUndefined();
      expect(byName("opencv-doc-fruits.jpg").descriptor).toBeUndefined();
      for (const s of stored) expect(s.report.identityDistance).toBeUndefined();
    });

    it("summarizing the stored results equals analyzing the set at once, without changing them", async () => {
      const before = JSON.stringify(stored);
      expect(await summarizeLikenessSet(stored)).toEqual(report);
      expect(JSON.stringify(stored)).toBe(before);
    });

    it("recomputes the set report when a photo is removed", async () => {
      const without = await summarizeLikenessSet(stored.filter((s) => s.report.name !== "python-matplotlib-data-grace_hopper.jpg"));
      expect(without.identity.outliers).toEqual([]);
      expect(without.imageCount).toBe(report.imageCount - 1);
    });
  });
});
