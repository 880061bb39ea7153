import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { ButtonLink } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { DateTime } from "@/app/_components/date-time";
import { DetailList } from "@/app/_components/detail-list";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { StatusBadge } from "@/app/_components/status-badge";
import { SubmitButton } from "@/app/_components/submit-button";
import { requireActor } from "@/app/_lib/actor";
import { param, type SearchParams, pathParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { readPolicyReasons } from "@/lib/licensing/stored-policy-reasons";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format/size";
import { formatDateRange } from "@/lib/format/date";
import { orderOfRequest } from "@/lib/orders/read-orders";
import { getRequest } from "@/lib/requests/read-requests";
import { allowedEvents, type RequestStatus } from "@/lib/requests/state-machine";
import { categoryLabel, channelLabel, prohibitedLabel, territoryList, topicLabel } from "@/app/_lib/vocabulary-options";
import { OrderStatusBadge, PaymentStatusBadge } from "@/app/_components/order-status-badge";
import { footagePerformersOf } from "@/lib/footage/read-performers";
import { OPEN_STATUSES } from "@/lib/requests/state-machine";
import { payForRequest, withdrawSwapRequest } from "./actions";
import { PerformerCard } from "./performer-card";

export const metadata: Metadata = { title: "Request" };

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const actor = await requireActor(["STUDIO"]);
  const { id } = pathParams(await params);
  const paymentCancelled = param(await searchParams, "payment") === "cancelled";
  let result: Awaited<ReturnType<typeof getRequest>>;
  try {
    result = await getRequest({ db: db(), actor, requestId: id });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const { request: r, history } = result;
  const status = r.status as RequestStatus;
  const reasons = readPolicyReasons(r.policyReasons);
  const order = await orderOfRequest({ db: db(), actor, requestId: r.id });
  // A delivered output cannot be withdrawn (withdrawRequest refuses it), so the button is not offered.
  const canWithdraw = allowedEvents(status).includes("withdraw") && order?.status !== "delivered";
  // Pay while the request is approved and no payment went through yet (a cancelled or expired checkout can be opened again).
  const canPay = status === "approved" && (!order || order.status === "awaiting_payment");
  // The same rule choosePerformer enforces: open request, render not started.
  const canChoosePerformer = OPEN_STATUSES.includes(status) && (!order || order.status === "awaiting_payment");
  return (
    <>
      <PageHeader
        title={r.title}
        breadcrumbs={[{ href: "/studio/requests", label: "Requests" }]}
        description={
          <>
            <Link href={`/studio/catalog/${r.profile.id}`} className="font-medium text-accent-700 hover:underline">
              {r.profile.displayName}
            </Link>{" "}
            · {r.offer.title}
          </>
        }
        actions={
          canWithdraw ? (
            <ConfirmDialog
              triggerLabel="Withdraw request"
              title="Withdraw this request?"
              description={
                status === "approved"
                  ? "The request is closed and cannot be reopened. If you have paid for it, the order is cancelled, its render stops and your payment is refunded in full. You can submit a new request later."
                  : "The talent will no longer be asked to decide, and the request cannot be reopened. You can submit a new request later."
              }
              confirmLabel="Withdraw"
              pendingLabel="Withdrawing…"
              action={withdrawSwapRequest}
            >
              <input type="hidden" name="requestId" value={r.id} />
            </ConfirmDialog>
          ) : undefined
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <span className="text-sm text-zinc-600">Status</span>
        <StatusBadge status={status} />
      </div>
      <div className="mb-6 space-y-3">
        {status === "rejected_by_policy" && (
          <Notice tone="danger" title="Rejected by the policy engine:">
            <ul className="list-disc space-y-1 pl-5" aria-label="Reasons">
              {reasons.map((x) => (
                <li key={`${x.code}-${x.message}`}>{x.message}</li>
              ))}
            </ul>
          </Notice>
        )}
        {status === "pending_approval" && (
          <Notice tone="warning" title="Awaiting approval">
            The talent, their agent or estate will approve or reject this request.
          </Notice>
        )}
        {status === "approved" && (
          <Notice tone="success" title="Approved">
            {r.decisionNote || "Approved under the license's terms."}
          </Notice>
        )}
        {status === "rejected" && (
          <Notice tone="danger" title="Rejected">
            {r.decisionNote || "No note was given."}
          </Notice>
        )}
        {(status === "withdrawn" || status === "revoked") && r.closedReason && (
          <Notice tone="neutral" title={status === "revoked" ? "Revoked" : "Withdrawn"}>
            {r.closedReason}
          </Notice>
        )}
        {paymentCancelled && canPay && (
          <Notice tone="neutral" title="Payment cancelled">
            Nothing was charged. You can pay whenever you are ready.
          </Notice>
        )}
        {canPay && (
          <Card title="Pay for this swap">
            <ActionForm action={payForRequest} aria-label="Pay for this swap" className="space-y-3">
              <input type="hidden" name="requestId" value={r.id} />
              <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
                <p className="text-sm text-zinc-700">
                  A one-time payment of <Money minor={r.priceMinor} currency={r.currency} />, the price quoted when you submitted the
                  request. The render starts as soon as the payment is confirmed.
                </p>
                <SubmitButton pendingLabel="Opening checkout…" className="shrink-0">
                  Pay <Money minor={r.priceMinor} currency={r.currency} />
                </SubmitButton>
              </div>
            </ActionForm>
          </Card>
        )}
        {order && order.status !== "awaiting_payment" && (
          <Card title="Order">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-700" aria-label="Order status">
                <OrderStatusBadge status={order.status} />
                <PaymentStatusBadge status={order.paymentStatus} />
                <span>
                  <Money minor={order.amountMinor} currency={order.currency} />
                </span>
              </div>
              <ButtonLink href={`/studio/orders/${order.id}`} className="shrink-0">
                View order
              </ButtonLink>
            </div>
          </Card>
        )}
      </div>
      {r.targetUpload && !r.targetUpload.destroyedAt && (
        <div className="mb-6">
          <PerformerCard
            requestId={r.id}
            uploadId={r.targetUpload.id}
            scan={footagePerformersOf(r.targetUpload)}
            chosenId={r.performerId}
            canChoose={canChoosePerformer}
          />
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Request" className="lg:col-span-2">
          <DetailList
            items={[
              { label: "Intended use", value: <span className="whitespace-pre-line">{r.intendedUse || "—"}</span> },
              { label: "Use category", value: categoryLabel(r.category) },
              {
                label: "Content includes",
                value: r.contentDeclarations.length ? r.contentDeclarations.map(prohibitedLabel).join("; ") : "None of the prohibited uses",
              },
              { label: "Topics", value: r.topics.length ? r.topics.map(topicLabel).join(", ") : "None declared" },
              { label: "Territories", value: territoryList(r.territories) },
              { label: "Channels", value: r.channels.map(channelLabel).join(", ") },
              { label: "Campaign", value: formatDateRange(r.campaignStart, r.campaignEnd) },
              { label: "Output length", value: `${r.outputSeconds} seconds` },
              { label: "Price", value: <Money minor={r.priceMinor} currency={r.currency} /> },
              {
                label: "Target footage",
                value: r.targetUpload
                  ? `${r.targetUpload.originalName} (${r.targetUpload.mimeType}, ${formatBytes(r.targetUpload.byteSize)})`
                  : "Not uploaded",
              },
              {
                label: "Release",
                value: r.releaseUpload ? `${r.releaseUpload.originalName} (${formatBytes(r.releaseUpload.byteSize)})` : "Not uploaded",
              },
              { label: "Required disclosure", value: <q className="italic">{r.offer.disclosureText}</q> },
              ...(r.decisionNote ? [{ label: "Decision note", value: r.decisionNote }] : []),
            ]}
          />
        </Card>
        <Card title="History">
          <ol className="relative space-y-4 border-l border-zinc-200 pl-4" aria-label="History">
            {history.map((e) => (
              <li key={String(e.seq)} className="relative">
                <span className="absolute -left-[1.3rem] top-1.5 size-2 rounded-full bg-accent-500" aria-hidden="true" />
                <p className="text-sm font-medium text-zinc-900">{e.label}</p>
                <p className="text-xs text-zinc-500">
                  <DateTime value={e.at} withTime /> · {e.actorRole ? e.actorRole.toLowerCase() : "policy engine"}
                </p>
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
