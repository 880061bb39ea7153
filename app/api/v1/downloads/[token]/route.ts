import { Readable } from "node:stream";
import { db } from "@/lib/db/client";
import { openDownload } from "@/lib/outputs/download-link";
import { route } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";

/**
 * GET /api/v1/downloads/{token} — the delivered file behind a signed download
 * link. The link itself is the credential (it names the output, the member it
 * was issued to and its expiry), so it works from a browser tab or curl
 * without a key; every download is recorded. An expired link or a revoked
 * output answers 410 with the reason as JSON.
 */
export const GET = route<{ token: string }>(async (req, ctx) => {
  const { token } = await ctx.params;
  const file = await openDownload({ db: db(), token, meta: metaFromRequest(req) });
  // Streamed from the sealed blob, chunk by chunk.
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": file.mimeType,
      ...(file.byteSize !== null ? { "Content-Length": String(file.byteSize) } : {}),
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
});
