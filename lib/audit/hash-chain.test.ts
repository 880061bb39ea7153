import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { hashAuditEvent, verifyAuditChain } from "./hash-chain";
import { GENESIS_HASH, type StoredAuditEvent } from "./types";

function chain(n: number): StoredAuditEvent[] {
  const out: StoredAuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const data = {
      seq: BigInt(i),
      at: new Date(Date.UTC(2027, 0, 1, 0, 0, i)),
      actorUserId: `u${i % 3}`,
      actorEmail: `user${i % 3}@example.com`,
      actorRole: "TALENT",
      actorIp: "203.0.113.7",
      actorUserAgent: "test",
      action: "consent.signed",
      subjectType: "ConsentRecord",
      subjectId: `c${i}`,
      payload: { version: i, scopes: ["advertising"] },
      prevHash: prev,
    };
    const hash = hashAuditEvent(data);
    out.push({ ...data, hash });
    prev = hash;
  }
  return out;
}

describe("canonical JSON", () => {
  it("serializes objects the same whatever their key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
  it("writes dates as ISO strings and bigints as decimals", () => {
    expect(canonicalJson({ at: new Date("2027-01-01T00:00:00Z"), n: 12n })).toBe('{"at":"2027-01-01T00:00:00.000Z","n":"12"}');
  });
});

describe("audit hash chain", () => {
  it("accepts an untouched chain and reports its head", () => {
    const events = chain(5);
    const result = verifyAuditChain(events);
    expect(result).toMatchObject({ ok: true, eventCount: 5, problems: [] });
    expect(result.head).toEqual({ seq: "5", hash: events[4]!.hash });
  });

  it("detects an edited payload", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, payload: { version: 3, scopes: ["advertising", "film_tv"] } };
    const result = verifyAuditChain(events);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "edited", seq: "3" }));
  });

  it("detects an edit even when the attacker recomputes that event's hash", () => {
    const events = chain(5);
    const forged = { ...events[1]!, actorEmail: "someone-else@example.com" };
    events[1] = { ...forged, hash: hashAuditEvent(forged) };
    const result = verifyAuditChain(events);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "broken_link", seq: "3" }));
  });

  it("detects a deleted event in the middle", () => {
    const events = chain(5);
    events.splice(2, 1);
    const result = verifyAuditChain(events);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "broken_link", seq: "4" }));
  });

  it("detects a deleted first event", () => {
    const result = verifyAuditChain(chain(3).slice(1));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "broken_link", seq: "2" }));
  });

  it("detects reordered events", () => {
    const events = chain(5);
    [events[1], events[2]] = [events[2]!, events[1]!];
    const kinds = verifyAuditChain(events).problems.map((p) => p.kind);
    expect(kinds).toContain("out_of_order");
    expect(kinds).toContain("broken_link");
  });

  it("detects truncation of the tail past the last anchor", () => {
    const events = chain(6);
    const anchor = { seq: events[5]!.seq, hash: events[5]!.hash };
    const truncated = events.slice(0, 4);
    expect(verifyAuditChain(truncated).ok).toBe(true); // links alone cannot see it
    const result = verifyAuditChain(truncated, anchor);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "anchor_missing", seq: "6" }));
  });

  it("accepts a chain that grew past its anchor", () => {
    const events = chain(6);
    expect(verifyAuditChain(events, { seq: events[2]!.seq, hash: events[2]!.hash }).ok).toBe(true);
  });

  it("detects events deleted before the anchored one when the anchor recorded the chain's length (its link check aside)", () => {
    const events = chain(8);
    // Events 2 and 3 removed and event 4 re-linked by someone who recomputed its hash: only the length tells.
    const relinked = { ...events[3]!, prevHash: events[0]!.hash };
    const forged = [events[0]!, { ...relinked, hash: hashAuditEvent(relinked) }];
    const res = verifyAuditChain(forged, { seq: 4n, hash: forged[1]!.hash, chainLength: 4 });
    expect(res.problems).toContainEqual(
      expect.objectContaining({ kind: "anchor_missing", seq: "4", detail: expect.stringMatching(/recorded 4 events .* now has 2/) }),
    );
  });

  it("verifies a segment that continues after an already verified event (the publisher's incremental check)", () => {
    const events = chain(6);
    const after = { seq: events[2]!.seq, hash: events[2]!.hash };
    expect(verifyAuditChain(events.slice(3), null, { after }).ok).toBe(true);
    // The segment must link to that event: a segment that skips one does not.
    expect(verifyAuditChain(events.slice(4), null, { after }).problems.map((p) => p.kind)).toEqual(["broken_link"]);
  });
});
