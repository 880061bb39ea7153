import { describe, expect, it } from "vitest";
import { readStoredImageReport } from "./stored-image-report";

const report = {
  name: "front.jpg",
  usable: true,
  issues: [],
  width: 640,
  height: 480,
  facesFound: 1,
  faceSize: 210,
  pose: { yaw: 2, pitch: -1, roll: 0 },
};

describe("stored image reports", () => {
  it("reads a stored report and keeps keys a newer engine added", () => {
    expect(readStoredImageReport({ ...report, sharpness: 0.8 })).toEqual({ ...report, sharpness: 0.8 });
  });

  it("answers null for JSON that is not a report (missing fields, unknown issue codes)", () => {
    expect(readStoredImageReport({ name: "x" })).toBeNull();
    expect(readStoredImageReport({ ...report, issues: [{ code: "bogus", message: "?" }] })).toBeNull();
    expect(readStoredImageReport(null)).toBeNull();
  });
});
