import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readReviewFile } from "@/lib/orders/read-order-files";

// The rendered output of an order, or the footage it came from, decrypted for
// the talent, estate or representing agent who reviews it (readReviewFile
// answers 404 to anyone else, the studio included). Never cached. Answers
// single byte ranges (206), which <video> uses to seek.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const WHICH = ["output", "footage"] as const;
type Which = (typeof WHICH)[number];

/** The first range of a "bytes=" Range header, clamped to the file; null when absent or not satisfiable. */
function byteRange(header: string | null, size: number): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

export const GET = route<{ orderId: string; which: string }>(async (req, ctx) => {
  const actor = await requireSessionActor(["TALENT", "ESTATE", "AGENT", "ADMIN"]);
  const { orderId, which } = await ctx.params;
  if (!(WHICH as readonly string[]).includes(which)) {
    const message = `Choose "output" or "footage", not "${which.slice(0, 40)}"`;
    throw new AppError("NOT_FOUND", message, { which: message });
  }
  const file = await readReviewFile({ db: db(), actor, orderId, which: which as Which });
  const size = file.bytes.length;
  const headers: Record<string, string> = {
    "Content-Type": file.mimeType,
    "Cache-Control": "private, no-store, max-age=0",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    "Accept-Ranges": "bytes",
  };
  const range = byteRange(req.headers.get("range"), size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
  }
  if (range) {
    const part = file.bytes.subarray(range.start, range.end + 1);
    return new Response(new Uint8Array(part), {
      status: 206,
      headers: { ...headers, "Content-Length": String(part.length), "Content-Range": `bytes ${range.start}-${range.end}/${size}` },
    });
  }
  return new Response(new Uint8Array(file.bytes), { headers: { ...headers, "Content-Length": String(size) } });
});
