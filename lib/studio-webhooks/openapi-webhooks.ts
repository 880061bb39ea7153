import { z } from "zod";
import { WEBHOOK_ATTEMPTS } from "@/lib/jobs/job-queue";
import { WEBHOOK_EVENTS, WEBHOOK_TIMEOUT_MS, ZWebhookPayload, type WebhookEvent } from "./events";
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS } from "./signature";

// The `webhooks` section of the OpenAPI 3.1 document: what the platform POSTs
// to the URL a studio sets (Studio → Webhooks), and how to check it came from us.

const SUMMARY: Record<WebhookEvent, string> = {
  "order.delivered": "An order was delivered: its output can be downloaded",
  "order.failed": "An order's render failed for good: the payment is refunded",
};

const EXAMPLE_DATA: Record<WebhookEvent, Record<string, string>> = {
  "order.delivered": {
    orderId: "cmord123",
    requestId: "cmreq123",
    status: "delivered",
    outputId: "cmout123",
    verifyCode: "04HM-ASRA-DPQZ-YK",
  },
  "order.failed": {
    orderId: "cmord123",
    requestId: "cmreq123",
    status: "failed",
    error: "The render failed: no face was found in the footage",
  },
};

export const SIGNATURE_DESCRIPTION =
  `\`t=<unix seconds>,v1=<hex>\`: v1 is HMAC-SHA256, keyed with your webhook's secret (the whole \`whsec_...\` string), of \`<t>.<raw request body>\`. ` +
  `Recompute it over the raw body, compare in constant time, and refuse calls whose t is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes from your clock.`;

export function webhooksDocument(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZWebhookPayload, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  delete schema.$schema;
  return Object.fromEntries(
    WEBHOOK_EVENTS.map((event) => [
      event,
      {
        post: {
          operationId: event === "order.delivered" ? "orderDeliveredWebhook" : "orderFailedWebhook",
          summary: SUMMARY[event],
          description:
            `Sent to your studio's webhook URL, if one is set. Answer 2xx within ${WEBHOOK_TIMEOUT_MS / 1000} s; anything else (redirects are not followed) ` +
            `is retried with growing delays, ${WEBHOOK_ATTEMPTS} attempts in all. A retry carries the same \`id\`.`,
          parameters: [
            {
              name: SIGNATURE_HEADER,
              in: "header",
              required: true,
              description: SIGNATURE_DESCRIPTION,
              schema: { type: "string", pattern: "^t=\\d+,v1=[0-9a-f]{64}$" },
            },
            {
              name: "Likeness-Event",
              in: "header",
              required: true,
              description: "The event type, as in the body.",
              schema: { type: "string", enum: [event] },
            },
            {
              name: "Likeness-Delivery",
              in: "header",
              required: true,
              description: "The event's id, as in the body.",
              schema: { type: "string" },
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema,
                example: { id: "cmwhd123", type: event, createdAt: "2026-01-01T12:00:00.000Z", data: EXAMPLE_DATA[event] },
              },
            },
          },
          responses: { "2XX": { description: "Received." } },
        },
      },
    ]),
  );
}
