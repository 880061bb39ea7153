import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "@/lib/offers/catalog";
import { apiCatalogPage } from "./serialize";
import { ZApiCatalogEntry, ZApiCatalogPage, ZApiOfferSummary } from "./types";

describe("studio API serialization", () => {
  it("answers a catalog page with exactly the documented fields, dates as ISO strings", () => {
    const entry: CatalogEntry = {
      id: "p1",
      displayName: "Ada Example",
      bio: "Actor.",
      deceased: false,
      face: { portrait: true, coverage: { usablePhotos: 3, views: ["frontal"], missing: [] }, verified: "talent" },
      offers: [
        {
          id: "o1",
          title: "Online ads",
          allowedCategories: ["advertising"],
          territories: ["US", "WW"],
          channels: ["social"],
          flatFeeMinor: 150000,
          perSecondMinor: 1250,
          currency: "USD",
          termEnd: new Date("2027-06-30T00:00:00Z"),
          approvalMode: "MANUAL",
        },
      ],
    };
    const out = apiCatalogPage({ items: [entry], nextCursor: "p1" });
    expect(out.items[0]).not.toHaveProperty("face");
    expect(ZApiCatalogPage.parse(out)).toEqual(out);
    expect(Object.keys(out.items[0]!).sort()).toEqual(Object.keys(ZApiCatalogEntry.shape).sort());
    expect(Object.keys(out.items[0]!.offers[0]!).sort()).toEqual(Object.keys(ZApiOfferSummary.shape).sort());
    expect(out.items[0]!.offers[0]!.termEnd).toBe("2027-06-30T00:00:00.000Z");
    expect(out.nextCursor).toBe("p1");
  });
});
