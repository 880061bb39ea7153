import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { readLikenessAsset } from "@/lib/profiles/likeness-assets";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

// A decrypted reference photo, for the people who manage its profile only
// (readLikenessAsset answers 404 to anyone else). Never cached anywhere.
export const GET = route<{ id: string }>(async (_req, ctx) => {
  const actor = await requireSessionActor(["TALENT", "ESTATE", "AGENT"]);
  const { id } = await ctx.params;
  const photo = await readLikenessAsset({ db: db(), actor, assetId: id });
  return privateFileResponse(photo.bytes, photo.mimeType);
});
