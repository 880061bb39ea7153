import responseHeaders from "./response-headers.json";

// The security headers of every page (set by proxy.ts) and of every /api and
// /.well-known response (set by next.config.js from response-headers.json,
// since route handlers stream their bodies and the proxy would buffer them).
// Pure, so the policy is written once and tested without a server.

/** Strict-Transport-Security's value, sent over HTTPS only. */
export const HSTS: string = responseHeaders.hsts;

/**
 * The headers of JSON and file responses: never sniffed as another type, no
 * referrer, framed only by the platform's own pages (the admin review queue
 * shows an estate's proof PDF in a frame).
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = responseHeaders.api;

/** Where the consent video is recorded: the only pages that may use the camera and microphone. */
const CAMERA_PAGE = /^\/likeness\/[^/]+\/verify\/[^/]+\/?$/;

/** A fresh, unguessable nonce for one response's scripts (128 bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The Content-Security-Policy of a page. Scripts run only with the response's
 * nonce (Next.js puts it on its own scripts when it finds it in this header on
 * the request) and what those load ('strict-dynamic'); no plugin, no <base>
 * rewrite, no framing, forms post only here. Styles allow inline style
 * attributes (React's style={{...}}): a nonce in style-src would switch
 * 'unsafe-inline' off, and styles cannot run code. Development mode adds
 * 'unsafe-eval', which React's dev build needs for its error overlay.
 */
export function contentSecurityPolicy(opts: { nonce: string; dev?: boolean; https?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Every header of a page's response, for `pathname`. */
export function securityHeaders(opts: { pathname: string; nonce: string; https: boolean; dev?: boolean }): Record<string, string> {
  const camera = CAMERA_PAGE.test(opts.pathname) ? "(self)" : "()";
  return {
    "Content-Security-Policy": contentSecurityPolicy(opts),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": `camera=${camera}, microphone=${camera}, geolocation=(), payment=(), usb=(), interest-cohort=()`,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Browsers ignore HSTS over plain HTTP; it is only sent where it means something.
    ...(opts.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
