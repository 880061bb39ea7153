import { AppError } from "@/lib/errors";

// The order life cycle, from "Pay" to delivery. This table is the only place
// order transitions are defined; lib/orders applies them with a conditional
// UPDATE (WHERE status = from), as lib/requests does for requests.

export const ORDER_STATUSES = [
  "awaiting_payment",
  "rendering",
  "in_review",
  "review_rejected",
  "delivered",
  "failed",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderEvent =
  | "pay" // the provider confirmed the payment: the render is queued
  | "rendered_for_review" // the output is registered and waits for the talent's review
  | "deliver" // the studio can download it
  | "approve_output"
  | "reject_output"
  | "rerender" // after a rejected review, on the studio's choice
  | "fail" // the render failed for good
  | "cancel"; // withdrawn, revoked, or refunded on the studio's choice

const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>> = {
  awaiting_payment: { pay: "rendering", cancel: "cancelled" },
  rendering: { rendered_for_review: "in_review", deliver: "delivered", fail: "failed", cancel: "cancelled" },
  in_review: { approve_output: "delivered", reject_output: "review_rejected", cancel: "cancelled" },
  review_rejected: { rerender: "rendering", cancel: "cancelled" },
  delivered: {},
  failed: {},
  cancelled: {},
};

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: "Awaiting payment",
  rendering: "Rendering",
  in_review: "In talent review",
  review_rejected: "Output rejected",
  delivered: "Delivered",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Orders that still hold money or work in flight: revocation cancels (and refunds) these. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ["awaiting_payment", "rendering", "in_review", "review_rejected"];

export function nextOrderStatus(from: OrderStatus, event: OrderEvent): OrderStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

export function orderTransition(from: OrderStatus, event: OrderEvent): OrderStatus {
  const to = nextOrderStatus(from, event);
  if (!to) {
    throw new AppError(
      "ILLEGAL_TRANSITION",
      `An order that is ${ORDER_STATUS_LABELS[from].toLowerCase()} cannot take "${event.replaceAll("_", " ")}".`,
    );
  }
  return to;
}
