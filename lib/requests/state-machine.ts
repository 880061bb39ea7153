import { AppError } from "@/lib/errors";

// The swap request life cycle. The table below is the only place transitions
// are defined; lib/requests actions apply them with a conditional UPDATE
// (WHERE status = from) so that a concurrent change cannot slip past either.

export const REQUEST_STATUSES = [
  "draft",
  "submitted",
  "rejected_by_policy",
  "pending_approval",
  "approved",
  "rejected",
  "withdrawn",
  "revoked",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type RequestEvent =
  "submit" | "policy_deny" | "policy_needs_approval" | "policy_allow" | "approve" | "reject" | "withdraw" | "revoke";

const TRANSITIONS: Record<RequestStatus, Partial<Record<RequestEvent, RequestStatus>>> = {
  draft: { submit: "submitted", withdraw: "withdrawn", revoke: "revoked" },
  submitted: {
    policy_deny: "rejected_by_policy",
    policy_needs_approval: "pending_approval",
    policy_allow: "approved",
    withdraw: "withdrawn",
    revoke: "revoked",
  },
  pending_approval: { approve: "approved", reject: "rejected", withdraw: "withdrawn", revoke: "revoked" },
  // Withdrawing an approved request cancels its order (and refunds it) unless the output was delivered (checked in withdrawRequest).
  approved: { withdraw: "withdrawn", revoke: "revoked" },
  rejected_by_policy: {},
  rejected: {},
  withdrawn: {},
  revoked: {},
};

export const STATUS_LABELS: Record<RequestStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  rejected_by_policy: "Rejected by policy",
  pending_approval: "Awaiting approval",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  revoked: "Revoked",
};

/** Statuses in which a request still holds a claim on the license (revocation closes these). */
export const OPEN_STATUSES: readonly RequestStatus[] = ["draft", "submitted", "pending_approval", "approved"];

const EVENT_PAST: Record<RequestEvent, string> = {
  submit: "submitted",
  policy_deny: "rejected by policy",
  policy_needs_approval: "sent for approval",
  policy_allow: "approved automatically",
  approve: "approved",
  reject: "rejected",
  withdraw: "withdrawn",
  revoke: "revoked",
};

export function nextStatus(from: RequestStatus, event: RequestEvent): RequestStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

export function transition(from: RequestStatus, event: RequestEvent): RequestStatus {
  const to = nextStatus(from, event);
  if (!to) {
    throw new AppError("ILLEGAL_TRANSITION", `A request that is ${STATUS_LABELS[from].toLowerCase()} cannot be ${EVENT_PAST[event]}.`);
  }
  return to;
}

export function allowedEvents(from: RequestStatus): RequestEvent[] {
  return Object.keys(TRANSITIONS[from]) as RequestEvent[];
}
