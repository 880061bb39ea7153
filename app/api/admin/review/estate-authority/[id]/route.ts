import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readAuthorityProof } from "@/lib/estates/authority-proof";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

// An estate's proof of authority, decrypted for admins only (the review
// queue shows it beside the profile). Never cached; served inline with its
// sniffed type (PDF or image) and nosniff.
export const GET = route<{ id: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["ADMIN"]);
  const { id } = await ctx.params;
  const doc = await readAuthorityProof({ db: db(), actor, proofId: id });
  return privateFileResponse(doc.bytes, doc.mimeType, { fileName: doc.originalName });
});
