import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { allowedEvents, nextStatus, OPEN_STATUSES, REQUEST_STATUSES, transition, type RequestEvent } from "./state-machine";

const EVENTS: RequestEvent[] = [
  "submit",
  "policy_deny",
  "policy_needs_approval",
  "policy_allow",
  "approve",
  "reject",
  "withdraw",
  "revoke",
];

const LEGAL: Record<string, string> = {
  "draft submit": "submitted",
  "draft withdraw": "withdrawn",
  "draft revoke": "revoked",
  "submitted policy_deny": "rejected_by_policy",
  "submitted policy_needs_approval": "pending_approval",
  "submitted policy_allow": "approved",
  "submitted withdraw": "withdrawn",
  "submitted revoke": "revoked",
  "pending_approval approve": "approved",
  "pending_approval reject": "rejected",
  "pending_approval withdraw": "withdrawn",
  "pending_approval revoke": "revoked",
  "approved withdraw": "withdrawn",
  "approved revoke": "revoked",
};

const allPairs = REQUEST_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e] as const));

describe("swap request state machine", () => {
  it.each(allPairs.filter(([s, e]) => LEGAL[`${s} ${e}`]))("allows %s --%s-->", (from, event) => {
    expect(transition(from, event)).toBe(LEGAL[`${from} ${event}`]);
  });

  it.each(allPairs.filter(([s, e]) => !LEGAL[`${s} ${e}`]))("refuses %s --%s--> as an illegal transition", (from, event) => {
    expect(nextStatus(from, event)).toBeNull();
    expect(() => transition(from, event)).toThrow(AppError);
    try {
      transition(from, event);
    } catch (err) {
      expect((err as AppError).code).toBe("ILLEGAL_TRANSITION");
      expect((err as AppError).httpStatus).toBe(409);
    }
  });

  it("has no way out of a closed request", () => {
    for (const s of ["rejected_by_policy", "rejected", "withdrawn", "revoked"] as const) expect(allowedEvents(s)).toEqual([]);
  });

  it("lets revocation close every open request", () => {
    for (const s of OPEN_STATUSES) expect(nextStatus(s, "revoke")).toBe("revoked");
  });
});
