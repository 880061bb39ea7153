// The events a studio's webhook receives, and the JSON body of each POST.

export const WEBHOOK_EVENTS = ["order.delivered", "order.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export type WebhookPayload = {
  /** The delivery's id: the same on every retry of one event, so a receiver can ignore repeats. */
  id: string;
  type: WebhookEvent;
  /** When the event happened (ISO 8601, UTC). */
  createdAt: string;
  data: {
    orderId: string;
    requestId: string;
    /** The order's status: "delivered" or "failed". */
    status: string;
    /** order.delivered: the registered output, downloadable through the API. */
    outputId?: string;
    /** order.delivered: the code shown in the output's disclosure (verifiable at /verify). */
    verifyCode?: string;
    /** order.failed: why (the payment is refunded). */
    error?: string;
  };
};
