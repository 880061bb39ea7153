import { NextResponse } from "next/server";
import { requestMeta, requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { readLikenessPhotoForm } from "@/app/api/_lib/upload-form";
import { db } from "@/lib/db/client";
import { uploadLikenessAsset } from "@/lib/profiles/likeness-assets";

// One reference photo per request (multipart: profileId, file), so each file
// gets its own progress bar and its own error. The body is streamed (refused at
// the size limit as it arrives); the checks live in uploadLikenessAsset.
export const POST = route(async (req) => {
  const actor = await requireSessionActor(["TALENT", "ESTATE", "AGENT"]);
  const { profileId, file, dispose } = await readLikenessPhotoForm(req);
  try {
    const asset = await uploadLikenessAsset({ db: db(), actor, meta: await requestMeta(), profileId, file });
    return NextResponse.json({ id: asset.id, width: asset.width, height: asset.height }, { status: 201 });
  } finally {
    await dispose();
  }
});
