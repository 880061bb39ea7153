import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readConsentVideoForReview } from "@/lib/identity/review-verification";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

// A talent's consent video, decrypted for an admin reviewing it (the review
// queue plays it beside the likeness set's portrait). Biometric data: never
// cached, served inline with its sniffed type and nosniff.
export const GET = route<{ id: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["ADMIN"]);
  const { id } = await ctx.params;
  const video = await readConsentVideoForReview({ db: db(), actor, verificationId: id });
  return privateFileResponse(video.bytes, video.mimeType);
});
