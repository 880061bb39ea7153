import { describe, expect, it } from "vitest";
import path from "node:path";
import type { NextConfig } from "next";
import { API_SECURITY_HEADERS, HSTS, newNonce, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allow scripts only with the nonce, forbid framing, and keep the camera to the consent recording page", () => {
    const h = securityHeaders({ pathname: "/studio", nonce: "abc", https: false });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(h["Permissions-Policy"]).toContain("camera=()");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ pathname: "/likeness/p1/verify/v1", nonce: "n", https: false })["Permissions-Policy"]).toContain(
      "camera=(self), microphone=(self)",
    );
    expect(securityHeaders({ pathname: "/likeness/p1/verify", nonce: "n", https: false })["Permissions-Policy"]).toContain("camera=()");
  });

  it("send HSTS over HTTPS only, and a fresh nonce each time", () => {
    expect(securityHeaders({ pathname: "/", nonce: "n", https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), "base64")).toHaveLength(16);
  });

  it("are set by next.config.js on every /api and /.well-known response, with HSTS only when the proxy says HTTPS", async () => {
    // A path in a variable: next.config.js is plain JavaScript, outside the type check.
    const file = path.resolve(import.meta.dirname, "../../next.config.js");
    const nextConfig = ((await import(/* @vite-ignore */ file)) as { default: NextConfig }).default;
    const rules = await nextConfig.headers!();
    for (const source of ["/api/:path*", "/.well-known/:path*"]) {
      const plain = rules.find((r) => r.source === source && !r.has);
      expect(Object.fromEntries(plain!.headers.map((h) => [h.key, h.value]))).toEqual(API_SECURITY_HEADERS);
      expect(API_SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
      const https = rules.find((r) => r.source === source && r.has);
      expect(https!.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https" }]);
      expect(https!.headers).toEqual([{ key: "Strict-Transport-Security", value: HSTS }]);
    }
  });
});
