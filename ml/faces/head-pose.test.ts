import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { testPhoto } from "../testing/photos";
import { decodeImage } from "../media/image-io";
import { detectFaces } from "./detect-faces";
import { headPose } from "./head-pose";

describe("head pose", () => {
  it("mirroring a photo flips the sign of yaw and roll and keeps pitch", async () => {
    const file = testPhoto("human-sample2.jpg");
    const poses = async (buf: Buffer | string) =>
      (await detectFaces(await decodeImage(buf as never))).map((f) => ({ pose: headPose(f.landmarks), x: f.box.x + f.box.width / 2 }));
    const [orig, mirrored] = [await poses(file), await poses(await sharp(file).flop().toBuffer())];
    const width = (await sharp(file).metadata()).width!;
    let compared = 0;
    for (const o of orig) {
      const m = mirrored.find((c) => Math.abs(width - c.x - o.x) < 20);
      if (!m || Math.abs(o.pose.yaw) < 10) continue;
      compared++;
      expect(Math.sign(m.pose.yaw)).toBe(-Math.sign(o.pose.yaw));
      // Landmark detection is not mirror-exact; pose from it is good to ~10°.
      expect(Math.abs(m.pose.yaw + o.pose.yaw)).toBeLessThan(16);
      expect(Math.abs(m.pose.roll + o.pose.roll)).toBeLessThan(8);
      expect(Math.abs(m.pose.pitch - o.pose.pitch)).toBeLessThan(10);
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("a frontal portrait has small yaw and roll", async () => {
    const [face] = await detectFaces(await decodeImage(testPhoto("python-matplotlib-data-grace_hopper.jpg")));
    const p = headPose(face!.landmarks);
    expect(Math.abs(p.yaw)).toBeLessThan(15);
    expect(Math.abs(p.roll)).toBeLessThan(10);
  });
});
