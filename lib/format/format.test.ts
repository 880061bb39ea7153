import { describe, expect, it } from "vitest";
import { formatDate, formatDateRange, formatDateTime, formatRelative, toDateInputValue } from "./date";
import { formatMoney, formatRate, parseMajorAmount } from "./money";
import { formatBytes, formatSeconds } from "./size";

describe("formatMoney", () => {
  it("divides by the currency's minor unit", () => {
    expect(formatMoney(150000, "USD")).toBe("$1,500.00");
    expect(formatMoney(5, "EUR")).toBe("€0.05");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
    expect(formatRate(1250, "GBP")).toBe("£12.50 / s");
  });
  it("parses typed amounts back to exact minor units", () => {
    expect(parseMajorAmount("1,500.5", "USD")).toBe(150050);
    expect(parseMajorAmount("0.07", "USD")).toBe(7);
    expect(parseMajorAmount("1500", "JPY")).toBe(1500);
    expect(parseMajorAmount("15.5", "JPY")).toBeNull();
    expect(parseMajorAmount("1.005", "USD")).toBeNull();
    expect(parseMajorAmount("-3", "USD")).toBeNull();
    expect(parseMajorAmount("abc", "USD")).toBeNull();
  });
  it("round-trips every cent amount without float drift", () => {
    for (const minor of [0, 1, 10, 99, 100, 123456789, 2 ** 40]) {
      const text = (minor / 100).toFixed(2);
      expect(parseMajorAmount(text, "USD")).toBe(minor);
    }
  });
});

describe("dates", () => {
  const d = new Date("2026-03-03T23:30:00Z");
  it("formats in UTC whatever the machine's zone", () => {
    expect(formatDate(d)).toBe("3 Mar 2026");
    expect(formatDateTime(d)).toBe("3 Mar 2026, 23:30 UTC");
    expect(formatDateRange(d, "2027-03-02T00:00:00Z")).toBe("3 Mar 2026 – 2 Mar 2027");
    expect(toDateInputValue(d)).toBe("2026-03-03");
  });
  it("describes time relative to now", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(formatRelative("2026-03-04T00:00:00Z", now)).toBe("in 3 days");
    expect(formatRelative("2026-02-28T22:00:00Z", now)).toBe("2 hours ago");
    expect(formatRelative(now, now)).toBe("this minute");
  });
});

describe("sizes", () => {
  it("formats bytes and seconds", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(15 * 1024 * 1024)).toBe("15 MB");
    expect(formatSeconds(75)).toBe("1:15");
    expect(formatSeconds(3725)).toBe("1:02:05");
  });
});
