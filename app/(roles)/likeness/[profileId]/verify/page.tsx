import type { Metadata } from "next";
import { ActionForm } from "@/app/_components/action-form";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { Notice } from "@/app/_components/notice";
import { SubmitButton } from "@/app/_components/submit-button";
import { db } from "@/lib/db/client";
import { identityStatus } from "@/lib/identity/verification-status";
import { loadProfilePage, orNotFound } from "../../_lib/page-data";
import { startVerificationAction } from "./actions";
import { VerificationOutcome } from "./verification-outcome";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Verify it's you" };

/**
 * "Verify it's you": the talent proves the face in the likeness set is theirs
 * with a short video that follows random prompts. Agents see the state but
 * cannot record for the talent; a deceased talent's estate proves its
 * authority instead.
 */
export default async function VerifyPage({ params }: { params: Promise<{ profileId: string }> }) {
  const { profileId } = pathParams(await params);
  const { actor, profile, isPrincipal } = await loadProfilePage(profileId);
  const status = await orNotFound(identityStatus({ db: db(), actor, profileId }));
  const latest = status.latest;
  const canRecord = isPrincipal && actor.role === "TALENT" && !profile.deceased && !profile.biometricsDestroyedAt;
  return (
    <div className="space-y-6">
      <Card title="Verify it's you">
        {profile.deceased ? (
          <p className="text-sm text-zinc-700">
            A deceased talent&apos;s likeness is licensed by the estate, whose proof of authority an admin reviews.
          </p>
        ) : (
          <div className="space-y-4 text-sm text-zinc-700">
            {status.verified ? (
              <Notice tone="success" title="Verified">
                The face in this likeness set was confirmed to be {isPrincipal ? "yours" : "the talent's"} on{" "}
                <DateTime value={status.verifiedAt!} withTime />.
              </Notice>
            ) : (
              <p>
                Studios license only faces whose owner has been verified. Record a short video (about 15 seconds): read a phrase aloud and
                turn your head as asked. The video is compared with your likeness set, stored encrypted with it, and destroyed with it.
              </p>
            )}
            {latest && latest.status !== "awaiting_video" && !(status.verified && latest.status === "verified") && (
              <VerificationOutcome v={latest} />
            )}
            {latest?.status === "awaiting_video" && canRecord && latest.expiresAt > new Date() && (
              <ButtonLink href={`/likeness/${profileId}/verify/${latest.id}`}>Continue recording</ButtonLink>
            )}
            {canRecord && latest?.status !== "analysing" && latest?.status !== "review" && (
              <ActionForm action={startVerificationAction} aria-label="Start verification">
                <input type="hidden" name="profileId" value={profileId} />
                <SubmitButton pendingLabel="Preparing…">
                  {status.verified ? "Verify again" : latest ? "Record again" : "Start verification"}
                </SubmitButton>
              </ActionForm>
            )}
            {!isPrincipal && !status.verified && <p>Only the talent can record this video; ask them to sign in and open this page.</p>}
          </div>
        )}
      </Card>
    </div>
  );
}
