import { describe, expect, it } from "vitest";
import { choosePreset, paintedFaceSize } from "./choose-preset";

describe("automatic preset", () => {
  it("chooses the smallest preset whose painted face covers the performer's median face", () => {
    expect([paintedFaceSize(choosePreset(15, "large").config), choosePreset(15, "large").config.name]).toEqual([19, "tiny"]);
    expect(choosePreset(30, "large").config.name).toBe("small");
    expect(choosePreset(70, "large").config.name).toBe("large");
    expect(choosePreset(30, "large").reason).toBe(
      "the performer's faces are 30 px (median); small paints 38 px, the smallest preset that covers them",
    );
  });

  it("caps the choice at maxPreset (small by default) and says so", () => {
    expect(choosePreset(260).config.name).toBe("small");
    expect(choosePreset(260, "tiny").reason).toBe(
      "the performer's faces are 260 px (median); no preset up to tiny covers them, so the largest allowed, tiny (19 px), is used",
    );
    expect(() => choosePreset(100, "huge")).toThrow('maxPreset must be one of tiny, small, original, large, got "huge"');
  });
});
