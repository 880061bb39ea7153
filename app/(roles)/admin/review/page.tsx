import type { Metadata } from "next";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { Pagination } from "@/app/_components/pagination";
import { requireActor } from "@/app/_lib/actor";
import { pageParam, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { formatBytes } from "@/lib/format/size";
import {
  listReviewQueue,
  type EstateAuthorityItem,
  type IdentityConflictItem,
  type LivenessItem,
  type ReviewItem,
  type ReviewKind,
  type ReviewProfile,
} from "@/lib/review/review-queue";
import { ReviewDecideForm } from "./decide-form";

export const metadata: Metadata = { title: "Review queue" };

const KIND_LABELS: Record<ReviewKind, string> = {
  estate_authority: "Estate proof of authority",
  liveness: "Verification video",
  identity_conflict: "Identity conflict",
};
const PAGE_SIZE = 10;

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["ADMIN"]);
  const sp = await searchParams;
  const queue = await listReviewQueue({ db: db(), actor, page: { page: pageParam(sp), pageSize: PAGE_SIZE } });
  return (
    <>
      <PageHeader
        title="Review queue"
        description="Everything that waits for a person, oldest first. Each decision is recorded in the audit log with its reason."
      />
      <p className="mb-4 text-sm text-zinc-600" aria-live="polite">
        {queue.total === 0
          ? "Nothing waits."
          : `${queue.total} waiting: ${Object.entries(queue.countByKind)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${n} ${KIND_LABELS[k as ReviewKind].toLowerCase()}${n === 1 ? "" : "s"}`)
              .join(", ")}.`}
      </p>
      {queue.items.length === 0 ? (
        <EmptyState
          title="Nothing to review"
          description="Estates' proofs of authority, verification videos the check could not decide, and identity conflicts between profiles appear here."
        />
      ) : (
        <ul aria-label="Review items" className="space-y-6">
          {queue.items.map((item) => (
            <li key={`${item.kind}-${item.id}`} aria-label={`${KIND_LABELS[item.kind]}: ${item.profile.displayName}`}>
              <ReviewItemCard item={item} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={queue.page} pageCount={queue.pageCount} pathname="/admin/review" searchParams={sp} />
    </>
  );
}

function ReviewItemCard({ item }: { item: ReviewItem }) {
  switch (item.kind) {
    case "estate_authority":
      return <EstateAuthorityCard item={item} />;
    case "liveness":
      return <LivenessCard item={item} />;
    case "identity_conflict":
      return <IdentityConflictCard item={item} />;
  }
}

function ProfileFacts({ profile }: { profile: ReviewProfile }) {
  return (
    <div className="space-y-3">
      {profile.portraitAssetId ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, decrypted image: never through the image optimiser
        <img
          src={`/api/admin/review/profiles/${profile.id}/portrait`}
          alt={`Portrait of ${profile.displayName} from the likeness set`}
          className="h-48 w-40 rounded-md border border-zinc-200 object-cover"
        />
      ) : (
        <div className="flex h-48 w-40 items-center justify-center rounded-md border border-dashed border-zinc-300 text-center text-xs text-zinc-500">
          No usable photo yet
        </div>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-zinc-500">Likeness of</dt>
        <dd className="font-medium text-zinc-900">{profile.displayName}</dd>
        {profile.deceased && (
          <>
            <dt className="text-zinc-500">Died</dt>
            <dd>{profile.diedOn ? <DateTime value={profile.diedOn} /> : "date not given"}</dd>
          </>
        )}
        <dt className="text-zinc-500">Account</dt>
        <dd>
          {profile.principal.name} · {profile.principal.email}
        </dd>
        <dt className="text-zinc-500">Signed up</dt>
        <dd>
          <DateTime value={profile.principal.createdAt} />
        </dd>
        <dt className="text-zinc-500">Profile created</dt>
        <dd>
          <DateTime value={profile.createdAt} />
        </dd>
      </dl>
      {profile.bio && <p className="text-sm text-zinc-600">{profile.bio}</p>}
    </div>
  );
}

function EstateAuthorityCard({ item }: { item: EstateAuthorityItem }) {
  const href = `/api/admin/review/estate-authority/${item.id}`;
  const isPdf = item.document.mimeType === "application/pdf";
  return (
    <Card
      title={
        <>
          {KIND_LABELS[item.kind]}: {item.profile.displayName}
        </>
      }
      description={
        <>
          Waiting since <DateTime value={item.waitingSince} withTime />. Does the document give {item.profile.principal.name} authority over
          the likeness of {item.profile.displayName}?
        </>
      }
      actions={<Badge tone="warning">Waiting</Badge>}
    >
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <ProfileFacts profile={item.profile} />
        <div className="space-y-3">
          <p className="text-sm text-zinc-700">
            <a href={href} target="_blank" rel="noopener" className="font-medium text-accent-700 hover:underline">
              Open {item.document.originalName}
            </a>{" "}
            <span className="text-zinc-500">
              ({item.document.mimeType}, {formatBytes(item.document.byteSize)}, SHA-256 {item.document.sha256.slice(0, 12)}…)
            </span>
          </p>
          {isPdf ? (
            <iframe
              src={href}
              title={`Proof of authority ${item.document.originalName}`}
              className="h-96 w-full rounded-md border border-zinc-200"
            />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element -- a private, decrypted document
            <img
              src={href}
              alt={`Proof of authority ${item.document.originalName}`}
              className="max-h-96 rounded-md border border-zinc-200 object-contain"
            />
          )}
          {item.earlierRejections.length > 0 && (
            <div className="text-sm">
              <p className="font-medium text-zinc-800">Rejected before</p>
              <ul className="list-disc pl-5 text-zinc-600">
                {item.earlierRejections.map((r, i) => (
                  <li key={i}>
                    {r.at ? <DateTime value={r.at} /> : null}: {r.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ReviewDecideForm kind={item.kind} id={item.id} subject={item.profile.displayName} />
        </div>
      </div>
    </Card>
  );
}

const TURN_TEXT: Record<string, string> = { left: "left", right: "right", up: "up" };

function LivenessCard({ item }: { item: LivenessItem }) {
  const r = item.report;
  return (
    <Card
      title={
        <>
          {KIND_LABELS[item.kind]}: {item.profile.displayName}
        </>
      }
      description={
        <>
          Waiting since <DateTime value={item.waitingSince} withTime />. Is the person in the video the person in the likeness set, live,
          following the prompts?
        </>
      }
      actions={<Badge tone="warning">Waiting</Badge>}
    >
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <ProfileFacts profile={item.profile} />
        <div className="space-y-3 text-sm text-zinc-700">
          {item.hasVideo ? (
            <video
              controls
              preload="metadata"
              src={`/api/admin/review/consent-videos/${item.id}`}
              aria-label={`Verification video of ${item.profile.displayName}`}
              className="max-h-80 w-full rounded-md border border-zinc-200 bg-black"
            />
          ) : (
            <p className="text-zinc-500">The video was destroyed with the likeness set.</p>
          )}
          <p>
            Asked to read <q className="italic">{item.phrase}</q>, then turn {item.prompts.map((p) => TURN_TEXT[p] ?? p).join(", ")}.
          </p>
          <ul className="list-disc space-y-1 pl-5" aria-label="Why it needs a person">
            {item.reasons.map((x) => (
              <li key={x.code}>{x.message}</li>
            ))}
          </ul>
          {r && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-zinc-500">Match with the set</dt>
              <dd>{r.distance === null ? "not compared" : `${r.distance.toFixed(2)} (at most 0.50 verifies)`}</dd>
              <dt className="text-zinc-500">Turns seen</dt>
              <dd>
                {r.turnsDone.length
                  ? r.turnsDone.map((t) => `${t.prompt} at ${t.at.toFixed(1)} s (${Math.round(t.degrees)}°)`).join(", ")
                  : "none"}
              </dd>
              <dt className="text-zinc-500">Faces</dt>
              <dd>
                one face in {r.faces.one} of {r.framesExamined} frames, {r.medianFaceSize} px
              </dd>
              <dt className="text-zinc-500">Anti-spoofing</dt>
              <dd>{r.spoof ? `real ${r.spoof.antispoof.toFixed(2)}, live ${r.spoof.liveness.toFixed(2)}` : "not measured"}</dd>
              <dt className="text-zinc-500">Mouth movement</dt>
              <dd>{r.mouthMovement.toFixed(3)}</dd>
            </dl>
          )}
          <ReviewDecideForm kind={item.kind} id={item.id} subject={item.profile.displayName} />
        </div>
      </div>
    </Card>
  );
}

function IdentityConflictCard({ item }: { item: IdentityConflictItem }) {
  return (
    <Card
      title={
        <>
          {KIND_LABELS[item.kind]}: {item.profile.displayName} and {item.otherProfile.displayName}
        </>
      }
      description={
        <>
          Waiting since <DateTime value={item.waitingSince} withTime />. The two likeness sets show the same face (distance{" "}
          {item.distance.toFixed(2)}; 0.50 and below is one person). Approve if they are different people (twins, look-alikes); reject if
          the newer profile uses the older one&apos;s face.
        </>
      }
      actions={<Badge tone="warning">Waiting</Badge>}
    >
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <p className="mb-2 text-sm font-medium text-zinc-800">Newer profile (waits)</p>
          <ProfileFacts profile={item.profile} />
        </div>
        <div>
          <p className="mb-2 text-sm font-medium text-zinc-800">Older profile</p>
          <ProfileFacts profile={item.otherProfile} />
        </div>
      </div>
      <div className="mt-4">
        <ReviewDecideForm kind={item.kind} id={item.id} subject={`${item.profile.displayName} and ${item.otherProfile.displayName}`} />
      </div>
    </Card>
  );
}
