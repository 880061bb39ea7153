import { Badge, type Tone } from "@/app/_components/badge";
import { ORDER_STATUS_LABELS, type OrderStatus } from "@/lib/orders/state-machine";

const TONE: Record<OrderStatus, Tone> = {
  awaiting_payment: "neutral",
  rendering: "info",
  in_review: "warning",
  review_rejected: "danger",
  delivered: "success",
  failed: "danger",
  cancelled: "neutral",
};

/** An order's status as the talent side reads it ("In talent review" is theirs to act on). */
export function OrderStatusBadge({ status }: { status: string }) {
  const known = status in TONE ? (status as OrderStatus) : null;
  return <Badge tone={known ? TONE[known] : "neutral"}>{known ? ORDER_STATUS_LABELS[known] : status}</Badge>;
}
