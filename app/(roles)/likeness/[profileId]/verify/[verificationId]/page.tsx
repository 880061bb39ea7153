import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { db } from "@/lib/db/client";
import { getVerification } from "@/lib/identity/verification-status";
import { loadProfilePage } from "../../../_lib/page-data";
import { ConsentRecorder } from "./consent-recorder";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Record your verification video" };

/** The recording page of one challenge; once answered (or for anyone but the talent) it leads back to the verification page. */
export default async function RecordVerificationPage({ params }: { params: Promise<{ profileId: string; verificationId: string }> }) {
  const { profileId, verificationId } = pathParams(await params);
  const { actor } = await loadProfilePage(profileId);
  const v = await getVerification({ db: db(), actor, verificationId });
  if (!v || v.profileId !== profileId) notFound();
  if (!v.mine || v.status !== "awaiting_video" || v.expiresAt <= new Date()) redirect(`/likeness/${profileId}/verify`);
  return (
    <Card title="Record your verification video">
      <p className="mb-4 text-sm text-zinc-700">
        Sit in good light, alone, with your whole face in the picture. Press “Record” and follow the prompts: read the phrase aloud, then
        turn your head as asked and hold each turn for a moment. Record before <DateTime value={v.expiresAt} withTime />.
      </p>
      <ConsentRecorder profileId={profileId} verificationId={v.id} phrase={v.phrase} prompts={v.prompts} />
    </Card>
  );
}
