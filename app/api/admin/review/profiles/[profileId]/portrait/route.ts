import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readReviewPortrait } from "@/lib/review/review-queue";

// The chosen portrait of a profile under review, decrypted for admins only
// (lib/review answers 404 for a profile that is not in the queue).
export const GET = route<{ profileId: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["ADMIN"]);
  const { profileId } = await ctx.params;
  const photo = await readReviewPortrait({ db: db(), actor, profileId });
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      "Content-Type": photo.mimeType,
      "Content-Length": String(photo.bytes.length),
      "Cache-Control": "private, no-store, max-age=0",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
