import { z } from "zod";

// A request's history as both sides read it (the studio's request page, the
// talent side's inbox page and the API's `history`): the audit events of the
// request, each with what it means in words and the detail its payload
// carries. Written once here so that pages and API tell the same story.

/** An audit event of the request, as read-requests selects it. */
export type RequestHistoryEvent = { seq: bigint; at: Date; action: string; actorRole: string | null; payload: unknown };

export type TimelineEntry = {
  seq: bigint;
  at: Date;
  action: string;
  /** What happened, in words ("Sent for approval"). */
  label: string;
  /** Who acted, by role only (neither side sees the other's addresses); null: the platform (policy engine, revocation). */
  actorRole: string | null;
  /** The decision note or the reason given, when there was one. */
  detail: string | null;
};

// Transitions are logged as request.<new status>; the rest by what they did.
const ACTION_LABELS: Record<string, string> = {
  "request.created": "Request created",
  "request.submitted": "Submitted",
  "request.rejected_by_policy": "Rejected by the policy engine",
  "request.pending_approval": "Sent for approval",
  "request.approved": "Approved",
  "request.rejected": "Rejected",
  "request.withdrawn": "Withdrawn",
  "request.revoked": "Revoked",
  "request.performer_chosen": "Performer chosen",
};

/** An action no table names yet still reads as words: "request.some_new_thing" is "Some new thing". */
function labelOf(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const tail = action.split(".").at(-1) ?? action;
  return tail.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

// Payloads are JSON written by several versions of the platform: read, never cast.
const ZDetail = z.object({ note: z.string().optional(), reason: z.string().optional() }).loose();

function detailOf(payload: unknown): string | null {
  const p = ZDetail.safeParse(payload);
  if (!p.success) return null;
  if (p.data.note?.trim()) return `Note: ${p.data.note.trim()}`;
  if (p.data.reason?.trim()) return p.data.reason.trim();
  return null;
}

/** The request's timeline, oldest first. */
export function requestTimeline(history: readonly RequestHistoryEvent[]): TimelineEntry[] {
  return [...history]
    .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      action: e.action,
      label: labelOf(e.action),
      actorRole: e.actorRole,
      detail: detailOf(e.payload),
    }));
}
