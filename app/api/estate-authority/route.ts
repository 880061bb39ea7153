import { NextResponse } from "next/server";
import { requestMeta, requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { readStreamedUploadForm, ZProfileField } from "@/app/api/_lib/upload-form";
import { uploadLimits } from "@/lib/config";
import { db } from "@/lib/db/client";
import { uploadAuthorityProof } from "@/lib/estates/authority-proof";
import { invalid, parseInput } from "@/lib/errors";

// An estate's proof of authority (multipart: profileId, file): streamed,
// refused at the size limit as it arrives; the checks (estate only, PDF or
// image by content, one pending at a time) live in uploadAuthorityProof.
export const POST = route(async (req) => {
  const actor = await requireSessionActor(["ESTATE", "TALENT", "AGENT"]);
  const form = await readStreamedUploadForm(req, {
    fileField: "file",
    maxBytes: uploadLimits().releaseMaxBytes,
    unreadable: () => invalid("file", "The upload was not readable as a form; choose the file again."),
  });
  try {
    if (!form.file) throw invalid("file", "Choose the document to upload.");
    const { profileId } = parseInput(ZProfileField, { profileId: form.fields.profileId ?? "" });
    const proof = await uploadAuthorityProof({ db: db(), actor, meta: await requestMeta(), profileId, file: form.file });
    return NextResponse.json({ id: proof.id, status: proof.status }, { status: 201 });
  } finally {
    await form.dispose();
  }
});
