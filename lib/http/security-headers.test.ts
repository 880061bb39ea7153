import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allow scripts only with the nonce, forbid framing, and keep the camera to the consent recording page", () => {
    const h = securityHeaders({ pathname: "/studio", nonce: "abc", https: false });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(h["Permissions-Policy"]).toContain("camera=()");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ pathname: "/likeness/p1/verify/v1", nonce: "n", https: false })["Permissions-Policy"]).toContain("camera=(self), microphone=(self)");
    expect(securityHeaders({ pathname: "/likeness/p1/verify", nonce: "n", https: false })["Permissions-Policy"]).toContain("camera=()");
  });

  it("send HSTS over HTTPS only, and a fresh nonce each time", () => {
    expect(securityHeaders({ pathname: "/", nonce: "n", https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), "base64")).toHaveLength(16);
  });
});
