import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { Card } from "@/app/_components/card";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { DateTime } from "@/app/_components/date-time";
import { DetailList } from "@/app/_components/detail-list";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { SubmitButton } from "@/app/_components/submit-button";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams, pathParams } from "@/app/_lib/search-params";
import { apiOrderDetail } from "@/lib/api/serialize";
import { renderConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/format/money";
import { formatBytes } from "@/lib/format/size";
import { getOrder } from "@/lib/orders/read-orders";
import type { OrderStatus } from "@/lib/orders/state-machine";
import { OrderStatusBadge, PaymentStatusBadge } from "@/app/_components/order-status-badge";
import { chooseAfterRejectedOutput } from "./actions";
import { DownloadButton } from "./download-button";
import { RenderPanel } from "./render-panel";

export const metadata: Metadata = { title: "Order" };

const MIME_LABELS: Record<string, string> = {
  "video/mp4": "MP4 video",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/webp": "WebP image",
};

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const actor = await requireActor(["STUDIO"]);
  const { id } = pathParams(await params);
  const justPaid = param(await searchParams, "paid") === "1";
  let detail: Awaited<ReturnType<typeof getOrder>>;
  try {
    detail = await getOrder({ db: db(), actor, orderId: id });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const { order: o, render, output } = detail;
  const status = o.status as OrderStatus;
  const snapshot = apiOrderDetail(detail);
  const refunded = detail.ledger.filter((e) => e.kind === "refund").reduce((sum, e) => sum + Math.abs(e.amountMinor), 0);
  const amount = formatMoney(o.amountMinor, o.currency);
  const refundLine =
    o.paymentStatus === "refunded"
      ? `Your payment of ${amount} has been refunded.`
      : o.paymentStatus === "paid"
        ? `Your payment of ${amount} will be refunded; refunds usually arrive within a few days.`
        : "Nothing was charged.";

  return (
    <>
      <PageHeader
        title={o.request.title}
        breadcrumbs={[{ href: "/studio/orders", label: "Orders" }]}
        description={
          <>
            <Link href={`/studio/catalog/${o.profile.id}`} className="font-medium text-accent-700 hover:underline">
              {o.profile.displayName}
            </Link>{" "}
            · {o.offer.title} ·{" "}
            <Link href={`/studio/requests/${o.request.id}`} className="font-medium text-accent-700 hover:underline">
              View request
            </Link>
          </>
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-3" aria-label="Order status">
        <span className="text-sm text-zinc-600">Status</span>
        <OrderStatusBadge status={status} />
        <PaymentStatusBadge status={o.paymentStatus} />
      </div>

      <div className="mb-6 space-y-3">
        {justPaid && status === "rendering" && (
          <Notice tone="success" title="Payment received">
            Thank you. The render has started; you can follow it here, or leave this page and come back later.
          </Notice>
        )}
        {status === "awaiting_payment" && (
          <Notice tone="warning" title="Awaiting payment">
            <p>The render starts when the payment of {amount} is confirmed.</p>
            <p className="mt-2">
              <Link href={`/studio/requests/${o.request.id}`} className="font-medium underline underline-offset-2">
                Pay from the request page
              </Link>
            </p>
          </Notice>
        )}
        {status === "in_review" && (
          <Notice tone="info" title="The talent is reviewing the output">
            The talent asked to review every output before it is delivered. You can download it as soon as they approve it; if they reject
            it, you choose between a new render and a refund.
          </Notice>
        )}
        {status === "failed" && (
          <Notice tone="danger" title="The render failed">
            {render?.error && <p>{render.error}</p>}
            <p className={render?.error ? "mt-1" : undefined}>{refundLine}</p>
          </Notice>
        )}
        {status === "cancelled" && (
          <Notice tone="neutral" title="Order cancelled">
            <p>{o.closedReason ?? "The order was cancelled."}</p>
            <p className="mt-1">{refundLine}</p>
          </Notice>
        )}
        {output?.revokedAt && (
          <Notice tone="danger" title="This output has been revoked">
            It may no longer be used or downloaded: {output.revokedReason ?? "no reason was given"}.
          </Notice>
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {status === "review_rejected" && (
            <Card title="The talent rejected the output" description="Choose what happens next.">
              <figure className="mb-4">
                <blockquote className="whitespace-pre-line rounded-md border-l-4 border-red-300 bg-red-50 px-4 py-3 text-sm text-zinc-800">
                  {o.reviewNote || "No note was given."}
                </blockquote>
                <figcaption className="mt-1 text-xs text-zinc-500">The talent’s note</figcaption>
              </figure>
              <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
                <ActionForm action={chooseAfterRejectedOutput} aria-label="Render again" className="space-y-3" announce>
                  <input type="hidden" name="orderId" value={o.id} />
                  <input type="hidden" name="choice" value="rerender" />
                  <SubmitButton pendingLabel="Starting a new render…">Re-render</SubmitButton>
                </ActionForm>
                <ConfirmDialog
                  triggerLabel="Refund my payment"
                  triggerVariant="secondary"
                  title="Cancel the order and refund your payment?"
                  description={`The order is closed and your payment of ${amount} is refunded in full. The rejected output stays unavailable. This cannot be undone.`}
                  confirmLabel="Refund my payment"
                  pendingLabel="Refunding…"
                  action={chooseAfterRejectedOutput}
                >
                  <input type="hidden" name="orderId" value={o.id} />
                  <input type="hidden" name="choice" value="refund" />
                </ConfirmDialog>
              </div>
              <p className="mt-3 text-sm text-zinc-600">
                A new render continues training from where the last one stopped, so it is not the same model again. It costs nothing extra.
              </p>
            </Card>
          )}

          {status === "delivered" && output && (
            <Card title="Output" description="Delivered, watermarked and signed. Its disclosure and verify code travel with the file.">
              <DetailList
                items={[
                  {
                    label: "Verify code",
                    value: (
                      <code className="font-mono text-sm" data-testid="verify-code">
                        {output.verifyCode}
                      </code>
                    ),
                  },
                  { label: "Type", value: MIME_LABELS[output.mimeType] ?? output.mimeType },
                  { label: "Size", value: output.byteSize !== null ? formatBytes(output.byteSize) : "—" },
                  { label: "Delivered", value: o.deliveredAt ? <DateTime value={o.deliveredAt} withTime /> : "—" },
                ]}
              />
              <div className="mt-4 space-y-2">
                {output.revokedAt ? (
                  <p className="text-sm text-zinc-700">Revoked outputs cannot be downloaded.</p>
                ) : (
                  <>
                    <DownloadButton outputId={output.id} />
                    <p className="text-sm text-zinc-600">
                      Each click makes a personal link that is valid for {renderConfig().downloadLinkMinutes} minutes. Every download is
                      recorded in the audit log.
                    </p>
                  </>
                )}
                <p className="text-sm text-zinc-600">
                  Anyone can check the file or its code on the{" "}
                  <Link
                    href={`/verify?code=${encodeURIComponent(output.verifyCode)}`}
                    className="font-medium text-accent-700 hover:underline"
                  >
                    verify page
                  </Link>
                  .
                </p>
              </div>
            </Card>
          )}

          {(render || status === "rendering") && (
            // Keyed by status and render: when the order moves on, the page refreshes and the panel starts again from the server's state.
            <RenderPanel key={`${status}:${render?.id ?? "none"}`} initial={snapshot} />
          )}
        </div>

        <div className="space-y-6">
          <Card title="Payment">
            <DetailList
              items={[
                { label: "Amount", value: <Money minor={o.amountMinor} currency={o.currency} /> },
                { label: "Paid", value: o.paidAt ? <DateTime value={o.paidAt} withTime /> : "Not paid" },
                ...(refunded > 0 || o.refundedAt
                  ? [
                      {
                        label: "Refunded",
                        value: (
                          <>
                            <Money minor={refunded || o.amountMinor} currency={o.currency} />
                            {o.refundedAt && (
                              <>
                                {" "}
                                · <DateTime value={o.refundedAt} withTime />
                              </>
                            )}
                          </>
                        ),
                      },
                    ]
                  : []),
                ...(o.refundReason ? [{ label: "Refund reason", value: o.refundReason }] : []),
                { label: "Paid with", value: o.provider === "stripe" ? "Card (Stripe)" : "Test payment (no real money)" },
              ]}
            />
          </Card>
          <Card title="Order">
            <DetailList
              items={[
                { label: "Order", value: <span className="break-all font-mono text-xs">{o.id}</span> },
                { label: "Created", value: <DateTime value={o.createdAt} withTime /> },
                { label: "Talent review", value: o.reviewRequired ? "Required before delivery" : "Not required" },
                { label: "Disclosure", value: <q className="italic">{o.offer.disclosureText}</q> },
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
