import { NextResponse } from "next/server";
import { apiUpload } from "@/lib/api/serialize";
import { db } from "@/lib/db/client";
import { createStudioUpload } from "@/lib/studios/studio-uploads";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { readStudioUploadForm } from "@/app/api/_lib/upload-form";
import { apiRoute } from "../_lib/api-route";

/** POST /api/v1/uploads — multipart kind + file; checked by content before anything is stored. */
export const POST = apiRoute(async (req, actor) => {
  const { kind, file, dispose } = await readStudioUploadForm(req);
  try {
    const upload = await createStudioUpload({ db: db(), actor, meta: metaFromRequest(req), kind, file, field: "file" });
    return NextResponse.json(apiUpload(upload), { status: 201 });
  } finally {
    await dispose(); // the staged temp file
  }
});
