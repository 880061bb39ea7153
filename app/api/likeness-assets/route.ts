import { NextResponse } from "next/server";
import { requestMeta, requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import { uploadLikenessAsset } from "@/lib/profiles/likeness-assets";

// One reference photo per request (multipart: profileId, file), so each file
// gets its own progress bar and its own error. Checks live in uploadLikenessAsset.
export const POST = route(async (req) => {
  const actor = await requireSessionActor(["TALENT", "ESTATE", "AGENT"]);
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw invalid("file", "The upload was not readable as a form; choose the file again.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw invalid("file", "Choose a photo to upload.");
  const asset = await uploadLikenessAsset({
    db: db(),
    actor,
    meta: await requestMeta(),
    profileId: String(form.get("profileId") ?? ""),
    file: { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) },
  });
  return NextResponse.json({ id: asset.id, width: asset.width, height: asset.height }, { status: 201 });
});
