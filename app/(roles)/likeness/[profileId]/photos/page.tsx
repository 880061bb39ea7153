import type { Metadata } from "next";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { EmptyState } from "@/app/_components/empty-state";
import { FileInput } from "@/app/_components/file-input";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { uploadLimits } from "@/lib/config";
import { db } from "@/lib/db/client";
import { likenessSetReport, type PhotoAnalysis } from "@/lib/likeness-analysis/likeness-set-report";
import { toPolicyConsent } from "@/lib/consent/current-consent";
import { formatBytes } from "@/lib/format/size";
import { isConsentActive } from "@/lib/licensing/policy";
import { trainedModelsOf } from "@/lib/talent-models/trained-models";
import { loadProfilePage } from "../../_lib/page-data";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { PhotoCard, type PhotoStatus } from "./photo-card";
import { SetAnalysis } from "./set-analysis";
import { TrainedModelsCard } from "./trained-models";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Likeness set" };

export default async function PhotosPage({ params }: { params: Promise<{ profileId: string }> }) {
  const { profileId } = pathParams(await params);
  const { actor, profile, consent, assets } = await loadProfilePage(profileId);
  const analysis = await likenessSetReport({ db: db(), actor, profileId: profile.id });
  const models = await trainedModelsOf({ db: db(), actor, profileId: profile.id });
  const analysisOf = new Map(analysis.photos.map((p) => [p.assetId, p]));
  const limits = uploadLimits();
  const consentActive = isConsentActive(toPolicyConsent(consent), new Date());
  const destroyed = Boolean(profile.biometricsDestroyedAt);

  return (
    <>
      <PageHeader
        title="Likeness set"
        description="Reference photos of the face, used only to render licensed outputs. Each file is checked by its content and encrypted with this profile's own key."
      />
      <div className="space-y-6">
        {destroyed ? (
          <Notice tone="danger" title="Biometric data destroyed">
            The photos of this profile and their key were destroyed. Nothing can be uploaded until new consent is signed on this profile; it
            then gets a new key and a new likeness set.
          </Notice>
        ) : !consentActive ? (
          <Notice tone="warning" title="Sign the consent first">
            <p>Photos are collected only under a signed, active consent.</p>
            <div className="mt-3">
              <ButtonLink href={`/likeness/${profile.id}/consent`} variant="primary" size="sm">
                Go to the consent
              </ButtonLink>
            </div>
          </Notice>
        ) : (
          <Card title="Upload reference photos" description="Clear, well-lit photos of the face from several angles work best.">
            <FileInput
              name="photos"
              label="Reference photos"
              uploadUrl="/api/likeness-assets"
              fields={{ profileId: profile.id }}
              accept="image/jpeg,image/png,image/webp"
              multiple
              maxBytes={limits.photoMaxBytes}
              refreshOnComplete
              hint={`JPEG, PNG or WebP; up to ${formatBytes(limits.photoMaxBytes)} and ${Math.round(limits.photoMaxPixels / 1e6)} megapixels each; the shorter side at least 128 px. You can choose several at once.`}
            />
          </Card>
        )}

        {analysis.pending > 0 && <AutoRefresh />}
        {analysis.total > 0 && <SetAnalysis analysis={analysis} photoNames={new Map(assets.map((a) => [a.id, a.originalName]))} />}
        {(models.baseModel || models.orderCheckpoints > 0 || analysis.total > 0) && <TrainedModelsCard models={models} />}

        <section aria-labelledby="gallery-heading">
          <h2 id="gallery-heading" className="mb-3 text-base font-semibold text-zinc-900">
            Photos in the set ({assets.length})
          </h2>
          {assets.length === 0 ? (
            <EmptyState
              title="No photos yet"
              description="Uploaded photos appear here. Only you and the people who manage this profile can see them."
            />
          ) : (
            <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
              {assets.map((a) => (
                <PhotoCard
                  key={a.id}
                  profileId={profile.id}
                  photo={{
                    id: a.id,
                    originalName: a.originalName,
                    width: a.width,
                    height: a.height,
                    byteSize: a.byteSize,
                    createdAt: a.createdAt.toISOString(),
                  }}
                  status={cardStatus(analysisOf.get(a.id))}
                />
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function cardStatus(p: PhotoAnalysis | undefined): PhotoStatus {
  // Uploaded after the report was read (the two queries are a moment apart): still pending.
  if (!p || p.status === "PENDING" || (p.status === "DONE" && !p.image)) return { state: "pending" };
  if (p.status === "FAILED") return { state: "failed", reason: p.error ?? "unknown error" };
  const image = p.image!;
  return {
    state: "done",
    usable: image.usable,
    issues: image.issues,
    faceSize: image.faceSize,
    blurScore: image.blurScore,
    pose: image.pose,
  };
}
