import { STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import { Badge, type Tone } from "./badge";

const TONE: Record<RequestStatus, Tone> = {
  draft: "neutral",
  submitted: "info",
  pending_approval: "warning",
  approved: "success",
  rejected_by_policy: "danger",
  rejected: "danger",
  withdrawn: "neutral",
  revoked: "danger",
};

/** A swap request's status, labelled as the state machine names it. */
export function StatusBadge({ status }: { status: RequestStatus }) {
  return <Badge tone={TONE[status]}>{STATUS_LABELS[status]}</Badge>;
}
