import { Badge, type Tone } from "@/app/_components/badge";
import { ORDER_STATUS_LABELS, type OrderStatus } from "@/lib/orders/state-machine";

const TONE: Record<OrderStatus, Tone> = {
  awaiting_payment: "warning",
  rendering: "info",
  in_review: "warning",
  review_rejected: "danger",
  delivered: "success",
  failed: "danger",
  cancelled: "neutral",
};

/**
 * An order's status, labelled as the order state machine names it. Tones mark
 * what waits on the viewer: an unpaid order is the studio's to act on, not the
 * talent side's.
 */
export function OrderStatusBadge({ status, viewer = "studio" }: { status: string; viewer?: "studio" | "talent" }) {
  const known = status in TONE ? (status as OrderStatus) : null;
  const tone = !known ? "neutral" : viewer === "talent" && known === "awaiting_payment" ? "neutral" : TONE[known];
  return <Badge tone={tone}>{known ? ORDER_STATUS_LABELS[known] : status}</Badge>;
}

const PAYMENT: Record<string, { label: string; tone: Tone }> = {
  unpaid: { label: "Not paid", tone: "neutral" },
  paid: { label: "Paid", tone: "success" },
  refunded: { label: "Refunded", tone: "neutral" },
};

/** Whether the studio's money is with the platform: not paid, paid, or refunded. */
export function PaymentStatusBadge({ status }: { status: string }) {
  const p = PAYMENT[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={p.tone}>{p.label}</Badge>;
}
