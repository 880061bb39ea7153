import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readReviewPortrait } from "@/lib/review/review-queue";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

// The chosen portrait of a profile under review, decrypted for admins only
// (lib/review answers 404 for a profile that is not in the queue).
export const GET = route<{ profileId: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["ADMIN"]);
  const { profileId } = await ctx.params;
  const photo = await readReviewPortrait({ db: db(), actor, profileId });
  return privateFileResponse(photo.bytes, photo.mimeType);
});
