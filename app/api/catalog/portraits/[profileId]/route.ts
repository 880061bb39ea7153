import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readCatalogPortrait } from "@/lib/offers/catalog-portrait";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

// A catalog talent's portrait as a small preview marked "PREVIEW · not
// licensed", decrypted only for signed-in studio members (lib answers 403 to
// other roles and 404 for talent not in the catalog). Never cached.
export const GET = route<{ profileId: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["STUDIO"]);
  const { profileId } = await ctx.params;
  const jpeg = await readCatalogPortrait({ db: db(), actor, profileId });
  return privateFileResponse(jpeg, "image/jpeg");
});
