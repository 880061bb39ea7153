import { describe, expect, it } from "vitest";
import { humanizeField } from "@/app/_components/form-error-summary";
import { safeCallbackPath } from "./safe-callback";
import { hrefWith, pageParam, param, params } from "./search-params";

describe("post-sign-in destination", () => {
  it("keeps same-site paths and refuses anything that would make sign-in an open redirect", () => {
    expect(safeCallbackPath("/studio/orders?page=2")).toBe("/studio/orders?page=2");
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "evil", 42, undefined])
      expect(safeCallbackPath(bad)).toBe("/dashboard");
    // Back to sign-in or sign-up would loop.
    expect(safeCallbackPath("/sign-in?callbackUrl=/x")).toBe("/dashboard");
    expect(safeCallbackPath("/sign-up", "/inbox")).toBe("/inbox");
  });
});

describe("list state in the URL", () => {
  it("reads the first value, ignores values the text rule refuses, and turns bad page numbers into page 1", () => {
    expect(param({ status: ["paid", "failed"] }, "status")).toBe("paid");
    expect(param({ q: "a\u0000b" }, "q")).toBeUndefined();
    expect(params({ territory: ["FR", "\ud800", "DE"] }, "territory")).toEqual(["FR", "DE"]);
    expect(params({}, "territory")).toEqual([]);
    for (const bad of ["0", "-3", "2.5", "x", undefined]) expect(pageParam({ page: bad })).toBe(1);
    expect(pageParam({ page: "7" })).toBe(7);
  });

  it("replaces and removes keys while keeping the rest of the query, repeated values included", () => {
    const current = { status: "paid", territory: ["FR", "DE"], page: "3" };
    expect(hrefWith("/studio/orders", current, { page: 4 })).toBe("/studio/orders?status=paid&territory=FR&territory=DE&page=4");
    expect(hrefWith("/studio/orders", current, { page: undefined, status: undefined, territory: undefined })).toBe("/studio/orders");
  });
});

describe("form error summary", () => {
  it("names a field readably until its label is read from the page", () => {
    expect(humanizeField("perSecondMinor")).toBe("Per second minor");
    expect(humanizeField("territories.2")).toBe("Territories");
    expect(humanizeField("allowed_categories")).toBe("Allowed categories");
  });
});
