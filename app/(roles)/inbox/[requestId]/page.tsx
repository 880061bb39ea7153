import type { Metadata } from "next";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { DetailList } from "@/app/_components/detail-list";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { StatusBadge } from "@/app/_components/status-badge";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { formatDateRange, formatDateTime } from "@/lib/format/date";
import { formatRate } from "@/lib/format/money";
import { formatBytes, formatSeconds } from "@/lib/format/size";
import { readPolicyReasons } from "@/lib/licensing/stored-policy-reasons";
import { territoryName } from "@/lib/licensing/territories";
import {
  CHANNEL_LABELS,
  EXCLUSION_TOPIC_LABELS,
  PROHIBITED_USE_LABELS,
  USE_CATEGORY_LABELS,
  type Channel,
  type ExclusionTopic,
  type ProhibitedUse,
} from "@/lib/licensing/vocabulary";
import { getRequest } from "@/lib/requests/read-requests";
import { allowedEvents, STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import { ROLE_LABELS } from "@/lib/users/types";
import { orNotFound } from "../../likeness/_lib/page-data";
import { DecideForm } from "./decide-form";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Request" };

const label = <K extends string>(labels: Record<K, string>, v: string) => labels[v as K] ?? v;

export default async function RequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = pathParams(await params);
  const actor = await requireActor(["TALENT", "ESTATE", "AGENT"]);
  const { request: r, history } = await orNotFound(getRequest({ db: db(), actor, requestId }));
  const status = r.status as RequestStatus;
  const reasons = readPolicyReasons(r.policyReasons);
  const canDecide = allowedEvents(status).includes("approve");
  // The decision stays visible after a later change (e.g. a revocation closes an approved request).
  const decided = history.findLast((h) => h.action === "request.approved" || h.action === "request.rejected");
  const decision = decided ? (decided.action === "request.approved" ? "approved" : "rejected") : null;
  const inbox = actor.role === "AGENT" ? { href: "/agent/approvals", label: "Approvals" } : { href: "/talent/requests", label: "Requests" };

  return (
    <>
      <PageHeader
        title={r.title}
        description={
          <>
            From {r.studio.name} for {r.profile.displayName}, under the offer “{r.offer.title}”.
          </>
        }
        breadcrumbs={[inbox]}
        actions={<StatusBadge status={status} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {canDecide && (
            <Card title="Your decision" description="The policy engine found nothing that forbids this request; it waits for you.">
              <DecideForm requestId={r.id} />
            </Card>
          )}
          {r.decidedAt && decision && (
            <Notice
              tone={decision === "approved" ? "success" : "danger"}
              title={`${STATUS_LABELS[decision]} on ${formatDateTime(r.decidedAt)}`}
            >
              {r.decisionNote ? `Note to the studio: ${r.decisionNote}` : "No note was added."}
            </Notice>
          )}
          {r.closedReason && (
            <Notice tone="danger" title={STATUS_LABELS[status]}>
              {r.closedReason}
            </Notice>
          )}
          {reasons.length > 0 && (
            <Notice tone={status === "rejected_by_policy" ? "danger" : "warning"} title="Policy reasons">
              <ul className="list-disc space-y-0.5 pl-5">
                {reasons.map((reason, i) => (
                  <li key={`${reason.code}-${i}`}>{reason.message}</li>
                ))}
              </ul>
            </Notice>
          )}
          <Card title="What the studio asked for">
            <DetailList
              items={[
                { label: "Use category", value: label(USE_CATEGORY_LABELS, r.category) },
                { label: "Intended use", value: <p className="whitespace-pre-wrap">{r.intendedUse || "—"}</p> },
                { label: "Territories", value: r.territories.map((t) => `${territoryName(t)} (${t})`).join(", ") },
                { label: "Channels", value: r.channels.map((c) => label<Channel>(CHANNEL_LABELS, c)).join(", ") },
                { label: "Campaign dates", value: formatDateRange(r.campaignStart, r.campaignEnd) },
                { label: "Output length", value: formatSeconds(r.outputSeconds) },
                {
                  label: "Sensitive topics",
                  value: r.topics.length
                    ? r.topics.map((t) => label<ExclusionTopic>(EXCLUSION_TOPIC_LABELS, t)).join(", ")
                    : "None declared",
                },
                {
                  label: "Prohibited content declared",
                  value: r.contentDeclarations.length
                    ? r.contentDeclarations.map((c) => label<ProhibitedUse>(PROHIBITED_USE_LABELS, c)).join(", ")
                    : "None",
                },
                {
                  label: "Price",
                  value: (
                    <>
                      <Money minor={r.priceMinor} currency={r.currency} />{" "}
                      <span className="text-zinc-500">
                        (<Money minor={r.offer.flatFeeMinor} currency={r.offer.currency} /> flat +{" "}
                        {formatRate(r.offer.perSecondMinor, r.offer.currency)})
                      </span>
                    </>
                  ),
                },
                {
                  label: "Target footage",
                  value: r.targetUpload ? (
                    <>
                      {r.targetUpload.originalName} · {r.targetUpload.mimeType} · {formatBytes(r.targetUpload.byteSize)}
                      {r.targetUpload.width ? ` · ${r.targetUpload.width}×${r.targetUpload.height}` : ""}
                    </>
                  ) : (
                    "Not uploaded"
                  ),
                },
                {
                  label: "Release of the person in the footage",
                  value: r.releaseUpload ? `${r.releaseUpload.originalName} · ${formatBytes(r.releaseUpload.byteSize)}` : "Not uploaded",
                },
                { label: "Required disclosure", value: <q>{r.offer.disclosureText}</q> },
              ]}
            />
          </Card>
        </div>
        <aside className="space-y-6">
          <Card title="History">
            {history.length === 0 ? (
              <p className="text-sm text-zinc-600">No recorded events.</p>
            ) : (
              <ol className="space-y-3">
                {history.map((h) => {
                  return (
                    <li key={String(h.seq)} className="border-l-2 border-zinc-200 pl-3 text-sm">
                      <p className="font-medium text-zinc-900">{h.label}</p>
                      <p className="text-xs text-zinc-500">
                        <DateTime value={h.at} withTime />
                        {h.actorRole ? ` · ${ROLE_LABELS[h.actorRole] ?? h.actorRole}` : " · Platform"}
                      </p>
                      {h.detail && <p className="mt-0.5 text-zinc-700">{h.detail}</p>}
                    </li>
                  );
                })}
              </ol>
            )}
          </Card>
        </aside>
      </div>
    </>
  );
}
