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
import { listReviewQueue, type EstateAuthorityItem, type ReviewItem, type ReviewKind, type ReviewProfile } from "@/lib/review/review-queue";
import { ReviewDecideForm } from "./decide-form";

export const metadata: Metadata = { title: "Review queue" };

const KIND_LABELS: Record<ReviewKind, string> = { estate_authority: "Estate proof of authority" };
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
        {queue.total === 0 ? "Nothing waits." : `${queue.total} waiting: ${Object.entries(queue.countByKind).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${KIND_LABELS[k as ReviewKind].toLowerCase()}${n === 1 ? "" : "s"}`).join(", ")}.`}
      </p>
      {queue.items.length === 0 ? (
        <EmptyState title="Nothing to review" description="Estates' proofs of authority appear here when they are uploaded." />
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
        <div className="flex h-48 w-40 items-center justify-center rounded-md border border-dashed border-zinc-300 text-center text-xs text-zinc-500">No usable photo yet</div>
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
        <dd><DateTime value={profile.principal.createdAt} /></dd>
        <dt className="text-zinc-500">Profile created</dt>
        <dd><DateTime value={profile.createdAt} /></dd>
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
      title={<>{KIND_LABELS[item.kind]}: {item.profile.displayName}</>}
      description={<>Waiting since <DateTime value={item.waitingSince} withTime />. Does the document give {item.profile.principal.name} authority over the likeness of {item.profile.displayName}?</>}
      actions={<Badge tone="warning">Waiting</Badge>}
    >
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <ProfileFacts profile={item.profile} />
        <div className="space-y-3">
          <p className="text-sm text-zinc-700">
            <a href={href} target="_blank" rel="noopener" className="font-medium text-accent-700 hover:underline">
              Open {item.document.originalName}
            </a>{" "}
            <span className="text-zinc-500">({item.document.mimeType}, {formatBytes(item.document.byteSize)}, SHA-256 {item.document.sha256.slice(0, 12)}…)</span>
          </p>
          {isPdf ? (
            <iframe src={href} title={`Proof of authority ${item.document.originalName}`} className="h-96 w-full rounded-md border border-zinc-200" />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element -- a private, decrypted document
            <img src={href} alt={`Proof of authority ${item.document.originalName}`} className="max-h-96 rounded-md border border-zinc-200 object-contain" />
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
