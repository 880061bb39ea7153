import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/app/(roles)/likeness/_lib/page-data";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { DetailList } from "@/app/_components/detail-list";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format/date";
import { getOrder, type OrderDetail } from "@/lib/orders/read-orders";
import { RENDER_STAGE_LABELS, RENDER_STAGES, type RenderStageName } from "@/lib/render/stages";
import { OrderStatusBadge } from "@/app/_components/order-status-badge";
import { ReviewForm } from "./review-form";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Order" };

const RENDER_STATUS_LABELS: Record<string, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Finished",
  failed: "Failed",
  cancelled: "Cancelled",
};

const LEDGER_LABELS: Record<string, string> = {
  charge: "Paid by the studio",
  refund: "Refunded to the studio",
  platform_fee: "Platform fee",
  agent_commission: "Agent commission",
  talent_share: "Talent share",
};

const stageLabel = (stage: string | null) =>
  stage && stage in RENDER_STAGE_LABELS ? RENDER_STAGE_LABELS[stage as RenderStageName] : (stage ?? "—");
const percent = (fraction: number) => `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)} %`;

function formatEta(seconds: number | null): string | null {
  if (seconds === null || seconds <= 0) return null;
  if (seconds < 90) return `about ${seconds} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** One file of the review: a video player or an image, served by the review route (never cached). */
function ReviewMedia({
  orderId,
  which,
  mimeType,
  label,
}: {
  orderId: string;
  which: "output" | "footage";
  mimeType: string | null;
  label: string;
}) {
  const src = `/api/orders/${orderId}/review/${which}`;
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium text-zinc-800">{label}</figcaption>
      <div className="overflow-hidden rounded-md border border-zinc-200 bg-zinc-950">
        {mimeType?.startsWith("video/") ? (
          <video controls preload="metadata" src={src} className="aspect-video w-full" aria-label={label}>
            <a href={src}>Open the {which}</a>
          </video>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element -- a private, uncached file: next/image would cache it
          <img src={src} alt={label} className="mx-auto max-h-[28rem] w-auto" />
        )}
      </div>
      <a href={src} target="_blank" rel="noreferrer" className="text-xs text-accent-700 hover:text-accent-900">
        Open in a new tab
      </a>
    </figure>
  );
}

function RenderSummary({ render, status }: { render: OrderDetail["render"]; status: string }) {
  if (!render) {
    return (
      <p className="text-sm text-zinc-600">
        {status === "awaiting_payment" ? "The render starts once the studio has paid." : "No render has been started for this order."}
      </p>
    );
  }
  const eta = render.status === "running" ? formatEta(render.etaSeconds) : null;
  return (
    <div className="space-y-4">
      <DetailList
        items={[
          {
            label: "Render",
            value: `${RENDER_STATUS_LABELS[render.status] ?? render.status}${render.number > 1 ? ` (render ${render.number})` : ""}`,
          },
          { label: "Stage", value: stageLabel(render.stage) },
          {
            label: "Progress",
            value: (
              <div className="space-y-1">
                <div
                  className="h-2 w-full max-w-xs overflow-hidden rounded-full bg-zinc-100"
                  role="progressbar"
                  aria-label="Render progress"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(render.progress * 100)}
                >
                  <div className="h-full bg-accent-600" style={{ width: percent(render.progress) }} />
                </div>
                <p className="text-xs text-zinc-600">
                  {percent(render.progress)}
                  {eta ? ` · ${eta}` : ""}
                </p>
              </div>
            ),
          },
          ...(render.attempts > 1 ? [{ label: "Attempts", value: String(render.attempts) }] : []),
          ...(render.startedAt ? [{ label: "Started", value: <DateTime value={render.startedAt} withTime /> }] : []),
          ...(render.finishedAt ? [{ label: "Finished", value: <DateTime value={render.finishedAt} withTime /> }] : []),
        ]}
      />
      {render.error && (
        <Notice tone="danger" title="The render failed">
          {render.error}
        </Notice>
      )}
      {render.cancelReason && (
        <Notice tone="neutral" title="The render was cancelled">
          {render.cancelReason}
        </Notice>
      )}
      <ol className="grid gap-1 text-sm sm:grid-cols-2">
        {RENDER_STAGES.map((stage) => {
          const s = render.stages.find((x) => x.stage === stage);
          const fraction = s?.fraction ?? 0;
          return (
            <li key={stage} className="flex justify-between gap-3 border-b border-zinc-100 py-1">
              <span className={fraction >= 1 ? "text-zinc-900" : "text-zinc-500"}>{RENDER_STAGE_LABELS[stage]}</span>
              <span className="tabular-nums text-zinc-600">{percent(fraction)}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = pathParams(await params);
  const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
  const { order, render, output, ledger } = await orNotFound(getOrder({ db: db(), actor, orderId }));
  const inReview = order.status === "in_review";
  // Approval sets deliveredAt to the review time; a rejection leaves it empty.
  const review = order.reviewedAt
    ? {
        approved: order.deliveredAt !== null && order.deliveredAt.getTime() === order.reviewedAt.getTime(),
        at: order.reviewedAt,
        note: order.reviewNote,
      }
    : null;
  const footage = order.request.targetUpload;

  return (
    <>
      <PageHeader
        title={order.request.title}
        description={
          <>
            Ordered by {order.studio.name} for {order.profile.displayName}, under the offer “{order.offer.title}”.
          </>
        }
        breadcrumbs={[{ href: "/inbox/orders", label: "Orders" }]}
        actions={<OrderStatusBadge status={order.status} viewer="talent" />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {review && (
            <Notice
              tone={review.approved ? "success" : "danger"}
              title={`${inReview ? "Your previous review: output " : "Output "}${review.approved ? "approved" : "rejected"} on ${formatDateTime(review.at)}`}
            >
              {review.note ? `Note to the studio: ${review.note}` : "No note was added."}
              {!review.approved && order.status === "review_rejected" && (
                <p className="mt-1">The output was revoked. The studio chooses a new render or a refund.</p>
              )}
            </Notice>
          )}
          {order.closedReason && (
            <Notice tone="danger" title="Order closed">
              {order.closedReason}
            </Notice>
          )}
          {inReview && (
            <Card
              title="Review the output"
              description="The studio receives this output only after you approve it. Compare it with the footage it was made from."
            >
              <div className="space-y-6">
                <div className="grid gap-4 md:grid-cols-2">
                  <ReviewMedia orderId={order.id} which="output" mimeType={output?.mimeType ?? null} label="Rendered output" />
                  <ReviewMedia
                    orderId={order.id}
                    which="footage"
                    mimeType={footage?.mimeType ?? null}
                    label={`Studio footage${footage ? `: ${footage.originalName}` : ""}`}
                  />
                </div>
                <ReviewForm orderId={order.id} />
              </div>
            </Card>
          )}
          {order.status === "delivered" && output && (
            <Card
              title="Delivered output"
              description="Anyone can check this output and its license on the public verify page with its code."
            >
              <DetailList
                items={[
                  {
                    label: "Verify code",
                    value: (
                      <Link
                        href={`/verify?code=${encodeURIComponent(output.verifyCode)}`}
                        className="font-mono text-accent-700 hover:text-accent-900"
                      >
                        {output.verifyCode}
                      </Link>
                    ),
                  },
                  { label: "Delivered", value: order.deliveredAt ? <DateTime value={order.deliveredAt} withTime /> : "—" },
                  {
                    label: "Status",
                    value: output.revokedAt ? (
                      <span className="text-red-700">
                        Revoked on {formatDateTime(output.revokedAt)}
                        {output.revokedReason ? `: ${output.revokedReason}` : ""}
                      </span>
                    ) : (
                      "Valid: not revoked"
                    ),
                  },
                ]}
              />
            </Card>
          )}
          <Card title="Render">
            <RenderSummary render={render} status={order.status} />
          </Card>
        </div>
        <aside className="space-y-6">
          <Card title="Order">
            <DetailList
              items={[
                { label: "Studio", value: order.studio.name },
                {
                  label: "Request",
                  value: (
                    <Link href={`/inbox/${order.request.id}`} className="text-accent-700 hover:text-accent-900">
                      {order.request.title}
                    </Link>
                  ),
                },
                { label: "Talent", value: order.profile.displayName },
                { label: "Amount", value: <Money minor={order.amountMinor} currency={order.currency} /> },
                { label: "Status", value: <OrderStatusBadge status={order.status} viewer="talent" /> },
                { label: "Output review", value: order.reviewRequired ? "Required before delivery" : "Not required by the offer" },
                { label: "Ordered", value: <DateTime value={order.createdAt} /> },
                ...(order.paidAt ? [{ label: "Paid", value: <DateTime value={order.paidAt} withTime /> }] : []),
              ]}
            />
          </Card>
          <Card title="Money" description="Every movement of this order, from the ledger.">
            {ledger.length === 0 ? (
              <p className="text-sm text-zinc-600">Nothing booked yet.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 text-sm">
                {ledger.map((e, i) => (
                  <li key={`${e.kind}-${e.userId ?? "platform"}-${i}`} className="flex justify-between gap-3 py-2">
                    <span className="text-zinc-700">
                      {LEDGER_LABELS[e.kind] ?? e.kind}
                      {e.userId === actor.userId ? " (you)" : ""}
                    </span>
                    <Money minor={e.amountMinor} currency={e.currency} />
                  </li>
                ))}
              </ul>
            )}
            <p className="mt-3 text-xs text-zinc-500">
              Shares are booked when the output is delivered.{" "}
              <Link href="/earnings" className="text-accent-700 hover:text-accent-900">
                Your earnings
              </Link>
            </p>
          </Card>
        </aside>
      </div>
    </>
  );
}
