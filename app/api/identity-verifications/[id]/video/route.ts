import { NextResponse } from "next/server";
import { requestMeta, requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { readConsentVideoForm } from "@/app/api/_lib/upload-form";
import { db } from "@/lib/db/client";
import { submitConsentVideo } from "@/lib/identity/submit-consent-video";

// The talent's consent video for one challenge (multipart: video), recorded in
// the page or chosen from a file. Streamed to a temp file within its limit;
// the checks (content, size, length, the challenge) live in submitConsentVideo.
export const POST = route<{ id: string }>(async (req, ctx) => {
  const actor = await requireSessionActor(["TALENT"]);
  const { id } = await ctx.params;
  const { file, dispose } = await readConsentVideoForm(req);
  try {
    return NextResponse.json(await submitConsentVideo({ db: db(), actor, meta: await requestMeta(), verificationId: id, file }), {
      status: 201,
    });
  } finally {
    await dispose();
  }
});
