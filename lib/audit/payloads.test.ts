import { describe, expect, it } from "vitest";
import { checkAuditPayload, readAuditPayload } from "./payloads";

describe("typed audit payloads", () => {
  it("accepts a payload that matches its action's schema", () => {
    const p = { orderId: "o1", preset: "tiny", steps: 300 };
    expect(checkAuditPayload("render.queued", p)).toEqual(p);
  });

  it("refuses a missing field, a wrong type and an unknown key on write, naming them", () => {
    expect(() => checkAuditPayload("render.queued", { orderId: "o1", preset: "tiny" })).toThrow(/render.queued.*steps/);
    expect(() => checkAuditPayload("payment.refunded", { refundRef: "r", amountMinor: "10", currency: "USD", reason: "x" })).toThrow(
      /amountMinor/,
    );
    expect(() => checkAuditPayload("download.link_issued", { expiresAt: "2026-01-01", extra: 1 })).toThrow(/extra|Unrecognized/);
  });

  it("lets actions without a schema through unchanged", () => {
    const p = { anything: [1, 2] };
    expect(checkAuditPayload("consent.signed", p)).toBe(p);
  });

  it("parses stored payloads on read and answers null for one that does not match", () => {
    const stored = { userId: "u1", kind: "talent_share", amountMinor: 720, currency: "USD", transferRef: "tr_1", accountId: "acct_1" };
    expect(readAuditPayload("payment.transferred", stored)?.userId).toBe("u1");
    expect(readAuditPayload("payment.transferred", { userId: 5 })).toBeNull();
  });
});
