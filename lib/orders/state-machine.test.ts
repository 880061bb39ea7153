import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { nextOrderStatus, OPEN_ORDER_STATUSES, ORDER_STATUSES, orderTransition, type OrderEvent } from "./state-machine";

const EVENTS: OrderEvent[] = ["pay", "rendered_for_review", "deliver", "approve_output", "reject_output", "rerender", "fail", "cancel"];

const LEGAL: Record<string, string> = {
  "awaiting_payment pay": "rendering",
  "awaiting_payment cancel": "cancelled",
  "rendering rendered_for_review": "in_review",
  "rendering deliver": "delivered",
  "rendering fail": "failed",
  "rendering cancel": "cancelled",
  "in_review approve_output": "delivered",
  "in_review reject_output": "review_rejected",
  "in_review cancel": "cancelled",
  "review_rejected rerender": "rendering",
  "review_rejected cancel": "cancelled",
};

const allPairs = ORDER_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e] as const));

describe("order state machine", () => {
  it.each(allPairs.filter(([s, e]) => LEGAL[`${s} ${e}`]))("allows %s --%s-->", (from, event) => {
    expect(orderTransition(from, event)).toBe(LEGAL[`${from} ${event}`]);
  });

  it.each(allPairs.filter(([s, e]) => !LEGAL[`${s} ${e}`]))("refuses %s --%s--> with a 409", (from, event) => {
    expect(nextOrderStatus(from, event)).toBeNull();
    try {
      orderTransition(from, event);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).httpStatus).toBe(409);
    }
  });

  it("lets every open order be cancelled and keeps delivered, failed and cancelled orders final", () => {
    for (const s of OPEN_ORDER_STATUSES) expect(nextOrderStatus(s, "cancel")).toBe("cancelled");
    for (const s of ["delivered", "failed", "cancelled"] as const) for (const e of EVENTS) expect(nextOrderStatus(s, e)).toBeNull();
  });
});
