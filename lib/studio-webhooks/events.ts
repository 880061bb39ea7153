import { z } from "zod";

// The events a studio's webhook receives, and the JSON body of each POST
// (also the schema of the OpenAPI document's `webhooks`).

export const WEBHOOK_EVENTS = ["order.delivered", "order.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** How long a receiver has to answer one POST. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export const ZWebhookPayload = z.object({
  id: z.string().describe("The event's id: the same on every retry of one event, so a receiver can ignore repeats."),
  type: z.enum(WEBHOOK_EVENTS),
  createdAt: z.string().describe("When the event happened (ISO 8601, UTC)."),
  data: z.object({
    orderId: z.string(),
    requestId: z.string(),
    status: z.string().describe('The order\'s status: "delivered" or "failed".'),
    outputId: z.string().optional().describe("order.delivered: the registered output, downloadable through the API."),
    verifyCode: z.string().optional().describe("order.delivered: the code shown in the output's disclosure (checkable at /verify)."),
    error: z.string().optional().describe("order.failed: why it failed (the payment is refunded)."),
  }),
});
export type WebhookPayload = z.infer<typeof ZWebhookPayload>;
