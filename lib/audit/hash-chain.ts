import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { GENESIS_HASH, type AuditEventData, type StoredAuditEvent } from "./types";

export function hashAuditEvent(e: AuditEventData): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        seq: e.seq,
        at: e.at,
        actorUserId: e.actorUserId,
        actorEmail: e.actorEmail,
        actorRole: e.actorRole,
        actorIp: e.actorIp,
        actorUserAgent: e.actorUserAgent,
        action: e.action,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        payload: e.payload,
        prevHash: e.prevHash,
      }),
    )
    .digest("hex");
}

export type ChainProblem =
  | { kind: "edited"; seq: string; detail: string }
  | { kind: "broken_link"; seq: string; detail: string }
  | { kind: "out_of_order"; seq: string; detail: string }
  | { kind: "anchor_missing"; seq: string; detail: string }
  /** A published anchor whose signature does not verify (lib/audit/anchors.ts). */
  | { kind: "anchor_invalid"; seq: string; detail: string };

export type ChainCheck = {
  ok: boolean;
  eventCount: number;
  head: { seq: string; hash: string } | null;
  problems: ChainProblem[];
};

/** `chainLength`: the number of events up to and including the anchored one, when the anchor recorded it. */
export type ChainAnchor = { seq: bigint; hash: string; chainLength?: number };

/**
 * Verifies events given in stored order (by seq). Detects an edited event (its
 * hash no longer matches its content), a deleted or inserted event (the next
 * event's prevHash no longer links), reordering (seq not increasing, or links
 * crossing), and, given the last anchor, truncation of the tail. With `after`,
 * the events continue the chain after that (already verified) event instead
 * of starting at the first.
 */
export function verifyAuditChain(
  events: readonly StoredAuditEvent[],
  anchor?: ChainAnchor | null,
  opts: { after?: { seq: bigint; hash: string } } = {},
): ChainCheck {
  const problems: ChainProblem[] = [];
  let prevHash = opts.after?.hash ?? GENESIS_HASH;
  let prevSeq: bigint | null = opts.after?.seq ?? null;
  for (const e of events) {
    const seq = e.seq.toString();
    if (prevSeq !== null && e.seq <= prevSeq) {
      problems.push({ kind: "out_of_order", seq, detail: `event ${seq} comes after event ${prevSeq}` });
    }
    if (hashAuditEvent(e) !== e.hash) {
      problems.push({ kind: "edited", seq, detail: `event ${seq} does not match its hash: its content was changed` });
    }
    if (e.prevHash !== prevHash) {
      problems.push({
        kind: "broken_link",
        seq,
        detail: `event ${seq} does not link to the event before it: an event was deleted, inserted or moved`,
      });
    }
    prevHash = e.hash;
    prevSeq = e.seq;
  }
  if (anchor) {
    const anchored = events.find((e) => e.seq === anchor.seq);
    if (!anchored || anchored.hash !== anchor.hash) {
      problems.push({
        kind: "anchor_missing",
        seq: anchor.seq.toString(),
        detail: `event ${anchor.seq} recorded by the latest anchor is gone or changed: the log was truncated or rewritten`,
      });
    } else if (anchor.chainLength !== undefined && !opts.after) {
      const length = events.filter((e) => e.seq <= anchor.seq).length;
      if (length !== anchor.chainLength) {
        problems.push({
          kind: "anchor_missing",
          seq: anchor.seq.toString(),
          detail: `the latest anchor recorded ${anchor.chainLength} events up to event ${anchor.seq}; the log now has ${length}`,
        });
      }
    }
  }
  const last = events.at(-1);
  return {
    ok: problems.length === 0,
    eventCount: events.length,
    head: last ? { seq: last.seq.toString(), hash: last.hash } : null,
    problems,
  };
}
