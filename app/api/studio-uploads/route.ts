import { NextResponse } from "next/server";
import { apiUpload } from "@/lib/api/serialize";
import { db } from "@/lib/db/client";
import { createStudioUpload } from "@/lib/studios/studio-uploads";
import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { readStudioUploadForm } from "@/app/api/_lib/upload-form";

// The browser's upload endpoint for the request wizard (session cookie, not an
// API key): multipart kind + file, answered with the upload's id so that
// <FileInput> can show progress and hand the id to the form.
export const POST = route(async (req) => {
  const actor = await requireSessionActor(["STUDIO"]);
  const { kind, file, dispose } = await readStudioUploadForm(req);
  try {
    const upload = await createStudioUpload({ db: db(), actor, meta: metaFromRequest(req), kind, file, field: "file" });
    return NextResponse.json(apiUpload(upload), { status: 201 });
  } finally {
    await dispose(); // the staged temp file
  }
});
