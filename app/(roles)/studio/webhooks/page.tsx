import type { Metadata } from "next";
import Link from "next/link";
import { Badge, type Tone } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { WEBHOOK_ATTEMPTS } from "@/lib/jobs/job-queue";
import { SIGNATURE_TOLERANCE_SECONDS } from "@/lib/studio-webhooks/signature";
import { getStudioWebhook, listStudioWebhookDeliveries } from "@/lib/studio-webhooks/studio-webhooks";
import { removeWebhook } from "./actions";
import { SetWebhookForm } from "./set-webhook-form";

export const metadata: Metadata = { title: "Webhooks" };

const EXAMPLE = `POST <your URL>
Content-Type: application/json
Likeness-Event: order.delivered
Likeness-Signature: t=1767268800,v1=5f1c…(64 hex digits)

{"id":"cmwhd123","type":"order.delivered","createdAt":"2026-01-01T12:00:00.000Z",
 "data":{"orderId":"cmord123","requestId":"cmreq123","status":"delivered","outputId":"cmout123","verifyCode":"04HM-ASRA-DPQZ-YK"}}`;

const STATUS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "warning" },
  delivered: { label: "Delivered", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
};

export default async function WebhooksPage() {
  const actor = await requireActor(["STUDIO"]);
  const [{ webhook, canManage }, deliveries] = await Promise.all([
    getStudioWebhook({ db: db(), actor }),
    listStudioWebhookDeliveries({ db: db(), actor }),
  ]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            We POST a signed JSON event to your URL when one of your orders is delivered (
            <code className="font-mono text-xs">order.delivered</code>) or fails (<code className="font-mono text-xs">order.failed</code>).
            The{" "}
            <a href="/api/v1/openapi.json" className="font-medium text-accent-700 hover:underline">
              OpenAPI 3.1 document
            </a>{" "}
            describes both under <code className="font-mono text-xs">webhooks</code>.
          </>
        }
        breadcrumbs={[{ href: "/studio/api-keys", label: "API keys" }]}
      />
      <div className="space-y-6">
        <Card
          title="Endpoint"
          description={
            webhook ? (
              <>
                Set <DateTime value={webhook.updatedAt} withTime />.
              </>
            ) : (
              "No webhook is set: no events are sent."
            )
          }
          actions={
            webhook && canManage ? (
              <ConfirmDialog
                triggerLabel="Remove webhook"
                title="Remove the webhook?"
                description="No more events will be sent to this URL, and events still waiting to be sent are dropped. You can set a URL again at any time (with a new secret)."
                confirmLabel="Remove webhook"
                pendingLabel="Removing…"
                action={removeWebhook}
              />
            ) : null
          }
        >
          {webhook ? (
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all font-mono text-sm text-zinc-900">{webhook.url}</code>
              <Badge tone="success">Active</Badge>
            </div>
          ) : (
            <p className="text-sm text-zinc-600">
              {canManage ? "Set a URL below to receive order events." : "Ask your studio's owner to set one."}
            </p>
          )}
        </Card>

        {canManage ? (
          <Card
            title={webhook ? "Replace the URL" : "Set the URL"}
            description="A new signing secret is made each time and shown once, right after you save."
          >
            <SetWebhookForm replacing={webhook !== null} />
          </Card>
        ) : (
          <p className="text-sm text-zinc-600">Only your studio's owner can set or remove the webhook.</p>
        )}

        <Card title="Verifying a call">
          <pre className="mb-4 overflow-x-auto rounded-md bg-zinc-50 p-3 font-mono text-xs text-zinc-800">{EXAMPLE}</pre>
          <p className="mb-3 text-sm text-zinc-700">
            <code className="font-mono text-xs">order.failed</code> has{" "}
            <code className="font-mono text-xs">status: &quot;failed&quot;</code> and an <code className="font-mono text-xs">error</code>{" "}
            instead of the output; the payment is refunded.
          </p>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-700">
            <li>
              Read the raw request body and the <code className="font-mono text-xs">Likeness-Signature</code> header,{" "}
              <code className="font-mono text-xs">t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>.
            </li>
            <li>
              Compute HMAC-SHA256 of <code className="font-mono text-xs">&lt;t&gt;.&lt;raw body&gt;</code> with your secret (the whole{" "}
              <code className="font-mono text-xs">whsec_…</code> string) as the key, in hex, and compare it with{" "}
              <code className="font-mono text-xs">v1</code> in constant time.
            </li>
            <li>
              Refuse the call when <code className="font-mono text-xs">t</code> is more than {SIGNATURE_TOLERANCE_SECONDS / 60} minutes from
              your clock.
            </li>
            <li>
              Answer 2xx within 10 seconds. Anything else is retried with growing delays, {WEBHOOK_ATTEMPTS} attempts in all; a retry
              carries the same <code className="font-mono text-xs">id</code>, so ignore ids you have already handled.
            </li>
          </ol>
        </Card>

        <section aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading" className="mb-3 text-lg font-semibold text-zinc-900">
            Recent deliveries
          </h2>
          <DataTable
            caption="Recent webhook deliveries"
            rows={deliveries}
            rowKey={(d) => d.id}
            empty={
              <EmptyState title="No deliveries yet" description="Each delivered or failed order sends one event while a webhook is set." />
            }
            columns={[
              { header: "Event", cell: (d) => <code className="font-mono text-xs">{d.event}</code> },
              {
                header: "Order",
                hideOnMobile: true,
                cell: (d) => (
                  <Link href={`/studio/orders/${d.orderId}`} className="font-mono text-xs text-accent-700 hover:underline">
                    {d.orderId}
                  </Link>
                ),
              },
              {
                header: "Status",
                cell: (d) => <Badge tone={STATUS[d.status]?.tone ?? "neutral"}>{STATUS[d.status]?.label ?? d.status}</Badge>,
              },
              { header: "Attempts", align: "right", cell: (d) => d.attempts },
              {
                header: "Last answer",
                cell: (d) =>
                  d.lastStatusCode !== null ? (
                    <span title={d.lastError ?? undefined} className="tabular-nums">
                      {d.lastStatusCode}
                    </span>
                  ) : d.lastError ? (
                    <span className="text-zinc-600">{d.lastError}</span>
                  ) : (
                    <span className="text-zinc-500">—</span>
                  ),
              },
              { header: "Event time", hideOnMobile: true, cell: (d) => <DateTime value={d.createdAt} withTime /> },
              {
                header: "Delivered",
                hideOnMobile: true,
                cell: (d) => (d.deliveredAt ? <DateTime value={d.deliveredAt} withTime /> : <span className="text-zinc-500">—</span>),
              },
            ]}
          />
        </section>
      </div>
    </>
  );
}
