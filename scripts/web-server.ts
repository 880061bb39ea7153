// The web app's HTTP server: Next.js's request handler behind a plain
// node:http server (instead of `next start`), so that every request carries
// the client address resolved from the socket before Next.js sees it — a
// client cannot choose the address recorded on its consent or the key of the
// verify rate limit with a forged X-Forwarded-For (lib/http/client-address.ts),
// and so that verify codes are answered without Next.js (lib/http/verify-fast-path.ts).
// Started by scripts/start.ts with PORT and the platform's environment;
// `--dev` runs Next.js in development mode.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { checkConfig, trustedProxies, webPort } from "@/lib/config";
import { db } from "@/lib/db/client";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/http/client-address";
import { answerVerifyCodeRequest, isVerifyCodeRequest } from "@/lib/http/verify-fast-path";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
// Every variable checked before anything starts: a bad value stops here, named.
checkConfig();
const port = webPort();
const hops = trustedProxies();

const app = next({ dev, dir: ROOT, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const clientAddress = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], hops);
  // Verify codes, the hottest endpoint, are answered here without Next.js's per-request cost (lib/http/verify-fast-path.ts).
  if (isVerifyCodeRequest(req)) return void answerVerifyCodeRequest(req, res, { db: db(), clientAddress });
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress;
  void handle(req, res);
});
server.listen(port, () => {
  const proxies =
    hops === 0
      ? "client address from the socket"
      : `client address from X-Forwarded-For behind ${hops} trusted prox${hops === 1 ? "y" : "ies"}`;
  console.log(`[web] ready on http://localhost:${port} (${dev ? "development" : "production"}; ${proxies})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    // Keep-alive connections can hold close() open; do not wait for them forever.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
