import { describe, expect, it } from "vitest";
import { readPolicyReasons } from "./stored-policy-reasons";

describe("stored policy reasons", () => {
  it("reads the engine's reasons and drops entries that are not reasons", () => {
    expect(
      readPolicyReasons([{ code: "territory_not_covered", message: "JP is not covered.", field: "territories" }, { code: 3 }, "x", null]),
    ).toEqual([{ code: "territory_not_covered", message: "JP is not covered.", field: "territories" }]);
  });

  it("answers no reasons for a column that is null or not a list", () => {
    expect(readPolicyReasons(null)).toEqual([]);
    expect(readPolicyReasons({ code: "x", message: "y" })).toEqual([]);
  });
});
