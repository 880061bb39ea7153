import { describe, expect, it } from "vitest";
import { ISO_COUNTRY_CODES, isTerritory, territoryName, uncoveredTerritories } from "./territories";

describe("territories", () => {
  it("knows the 249 ISO 3166-1 alpha-2 codes and worldwide", () => {
    expect(ISO_COUNTRY_CODES).toHaveLength(249);
    expect(isTerritory("FR")).toBe(true);
    expect(isTerritory("WW")).toBe(true);
    expect(isTerritory("XX")).toBe(false);
    expect(isTerritory("fr")).toBe(false);
  });

  it("names territories in English", () => {
    expect(territoryName("DE")).toBe("Germany");
    expect(territoryName("WW")).toBe("Worldwide");
  });

  it("lists only the requested territories an offer does not cover", () => {
    expect(uncoveredTerritories(["US", "CA"], ["US", "FR", "DE"])).toEqual(["FR", "DE"]);
    expect(uncoveredTerritories(["WW"], ["US", "FR"])).toEqual([]);
  });
});
