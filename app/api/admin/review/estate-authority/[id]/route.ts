import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readAuthorityProof } from "@/lib/estates/authority-proof";

// An estate's proof of authority, decrypted for admins only (the review
// queue shows it beside the profile). Never cached; served inline with its
// sniffed type (PDF or image) and nosniff.
export const GET = route<{ id: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["ADMIN"]);
  const { id } = await ctx.params;
  const doc = await readAuthorityProof({ db: db(), actor, proofId: id });
  return new Response(new Uint8Array(doc.bytes), {
    headers: {
      "Content-Type": doc.mimeType,
      "Content-Length": String(doc.bytes.length),
      "Cache-Control": "private, no-store, max-age=0",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `inline; filename="${doc.originalName.replace(/[^\w.-]+/g, "_")}"`,
    },
  });
});
