import { describe, expect, it } from "vitest";
import { requestTimeline } from "./request-timeline";

const at = new Date("2026-11-30T10:00:00Z");

describe("request timeline", () => {
  it("reads each recorded step in words, oldest first, with the platform's steps carrying no role", () => {
    const t = requestTimeline([
      { seq: 3n, at, action: "request.approved", actorRole: "AGENT", payload: { note: "  Enjoy the shoot. " } },
      { seq: 1n, at, action: "request.submitted", actorRole: "STUDIO", payload: {} },
      { seq: 2n, at, action: "request.pending_approval", actorRole: null, payload: null },
    ]);
    expect(t.map((e) => [e.seq, e.label, e.actorRole, e.detail])).toEqual([
      [1n, "Submitted", "STUDIO", null],
      [2n, "Sent for approval", null, null],
      [3n, "Approved", "AGENT", "Note: Enjoy the shoot."],
    ]);
  });

  it("shows a reason given, and reads payloads it cannot parse as no detail instead of failing", () => {
    const [revoked, odd, text] = requestTimeline([
      { seq: 1n, at, action: "request.revoked", actorRole: null, payload: { reason: "Consent revoked by the talent" } },
      { seq: 2n, at, action: "request.rejected", actorRole: "TALENT", payload: { note: 42, reason: ["x"] } },
      { seq: 3n, at, action: "request.withdrawn", actorRole: "STUDIO", payload: "a string" },
    ]);
    expect(revoked!.detail).toBe("Consent revoked by the talent");
    expect(odd!.detail).toBeNull();
    expect(text!.detail).toBeNull();
  });

  it("names an action no table knows yet from its last part", () => {
    expect(requestTimeline([{ seq: 1n, at, action: "request.footage_replaced", actorRole: "STUDIO", payload: {} }])[0]!.label).toBe(
      "Footage replaced",
    );
  });
});
