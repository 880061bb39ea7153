import { describe, expect, it } from "vitest";
import { signatureHeader, verifyWebhookSignature, webhookSignature } from "./signature";
import { webhookUrlProblem, ZSetStudioWebhook } from "./webhook-url";

// The signature format studios implement against: a fixed vector computed
// outside Node (openssl dgst -sha256 -hmac), the header's shape, and the
// verifier's refusals (other body, other secret, too old, malformed).

const SECRET = "whsec_test-secret";
const BODY = '{"id":"whd_1","type":"order.delivered"}';
const T = 1767225600; // 2026-01-01T00:00:00Z
const AT = new Date(T * 1000);

describe("webhook signature", () => {
  it("is the hex HMAC-SHA256 of `<t>.<body>` keyed with the secret (openssl vector)", () => {
    expect(webhookSignature(SECRET, BODY, T)).toBe("77ebcb7045a6761ded2a72b55d14e4cfb5b5d6ae0260890a37d0993838b5adf6");
    expect(signatureHeader(SECRET, BODY, AT)).toBe(`t=${T},v1=77ebcb7045a6761ded2a72b55d14e4cfb5b5d6ae0260890a37d0993838b5adf6`);
    expect(signatureHeader(SECRET, BODY)).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
  });

  it("verifies within 5 minutes and refuses another body, another secret, an old or future time, or a malformed header", () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, now: AT })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, now: new Date((T + 300) * 1000) })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, now: new Date((T + 301) * 1000) })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, now: new Date((T - 301) * 1000) })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body: `${BODY} `, header, now: AT })).toBe(false);
    expect(verifyWebhookSignature({ secret: "whsec_other", body: BODY, header, now: AT })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header: `t=${T + 1},${header.split(",")[1]}`, now: AT })).toBe(false);
    for (const bad of [null, "", `t=${T}`, `v1=${"0".repeat(64)}`, `t=abc,v1=${"0".repeat(64)}`, `t=${T},v1=xyz`]) {
      expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header: bad, now: AT })).toBe(false);
    }
    // During a secret rotation a header may carry several v1 values; one match is enough.
    expect(
      verifyWebhookSignature({ secret: SECRET, body: BODY, header: `t=${T},v1=${"0".repeat(64)},${header.split(",")[1]}`, now: AT }),
    ).toBe(true);
  });
});

describe("webhook URL", () => {
  it("allows https anywhere and http only for localhost and 127.0.0.1, and says so", () => {
    expect(webhookUrlProblem("https://hooks.example.com/likeness?team=7")).toBeNull();
    expect(webhookUrlProblem("http://localhost:4000/hook")).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:4000/hook")).toBeNull();
    expect(webhookUrlProblem("http://hooks.example.com/likeness")).toMatch(/https:\/\/.*localhost or 127\.0\.0\.1/);
    expect(webhookUrlProblem("http://10.0.0.5/hook")).toMatch(/https:\/\//);
    expect(webhookUrlProblem("ftp://hooks.example.com/")).toMatch(/https:\/\//);
    expect(webhookUrlProblem("hooks.example.com/likeness")).toMatch(/full URL/);
    expect(webhookUrlProblem("https://user:pass@hooks.example.com/")).toMatch(/user name and password/);
    expect(webhookUrlProblem("https://hooks.example.com/#top")).toMatch(/fragment/);
  });

  it("trims and normalizes the URL, and names the url field when it is refused", () => {
    expect(ZSetStudioWebhook.parse({ url: "  https://Hooks.Example.com  " })).toEqual({ url: "https://hooks.example.com/" });
    const refused = ZSetStudioWebhook.safeParse({ url: "http://hooks.example.com" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.path.join("."))).toEqual(["url"]);
    expect(ZSetStudioWebhook.safeParse({}).error?.issues[0]?.path).toEqual(["url"]);
  });
});
