import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { ZWebhookPayload } from "./events";

// The API document describes both webhook events, their signature header and
// a body schema whose examples are valid payloads.

type Op = {
  parameters: Array<{ name: string; in: string; required: boolean; description: string }>;
  requestBody: {
    content: { "application/json": { schema: { required: string[]; properties: Record<string, unknown> }; example: unknown } };
  };
  responses: Record<string, unknown>;
};

describe("OpenAPI webhooks", () => {
  const doc = buildOpenApiDocument() as unknown as { openapi: string; webhooks: Record<string, { post: Op }> };

  it("lists order.delivered and order.failed with the Likeness-Signature header and a valid example body", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.webhooks)).toEqual(["order.delivered", "order.failed"]);
    for (const [event, { post }] of Object.entries(doc.webhooks)) {
      const signature = post.parameters.find((p) => p.name === "Likeness-Signature");
      expect(signature).toMatchObject({ in: "header", required: true });
      expect(signature!.description).toMatch(/HMAC-SHA256/);
      expect(signature!.description).toMatch(/5 minutes/);
      const body = post.requestBody.content["application/json"];
      expect(body.schema.required).toEqual(["id", "type", "createdAt", "data"]);
      expect(ZWebhookPayload.parse(body.example)).toMatchObject({ type: event });
      expect(Object.keys(post.responses)).toEqual(["2XX"]);
    }
  });
});
