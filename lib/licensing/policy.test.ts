import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluatePolicy,
  type PolicyConsent,
  type PolicyInput,
  type PolicyOffer,
  type PolicyProfile,
  type PolicyReasonCode,
  type PolicyRequest,
} from "./policy";
import { closedGateReasons, licensingGates } from "./gates";
import { CHANNELS, EXCLUSION_TOPICS, PROHIBITED_USES, USE_CATEGORIES } from "./vocabulary";

const NOW = new Date("2027-03-01T12:00:00Z");
const d = (s: string) => new Date(`${s}T00:00:00Z`);

const consent: PolicyConsent = {
  acceptedAt: d("2026-01-01"),
  expiresAt: d("2030-01-01"),
  revokedAt: null,
  scopes: ["advertising", "film_tv"],
};

const offer: PolicyOffer = {
  status: "ACTIVE",
  termStart: d("2027-01-01"),
  termEnd: d("2028-01-01"),
  allowedCategories: ["advertising"],
  extraExclusions: ["alcohol"],
  territories: ["US", "CA"],
  channels: ["tv", "social"],
  maxRenders: 3,
  maxOutputSeconds: 120,
  approvalMode: "MANUAL",
  usage: { renders: 0, outputSeconds: 0 },
};

const request: PolicyRequest = {
  category: "advertising",
  contentDeclarations: [],
  topics: [],
  territories: ["US"],
  channels: ["tv"],
  campaignStart: d("2027-04-01"),
  campaignEnd: d("2027-06-01"),
  outputSeconds: 30,
  intendedUse: "A 30-second TV spot for a running shoe brand, the talent jogs through a city park at dawn.",
  hasTargetFootage: true,
  hasRelease: true,
};

const profile: PolicyProfile = {
  estateAuthority: "not_needed",
  usablePhotos: 3,
  pendingPhotos: 0,
  minUsablePhotos: 3,
  verified: true,
  verificationPending: false,
  identityConflict: null,
};

const base: PolicyInput = { consent, profile, offer, request, now: NOW };

type Case = [name: string, change: (i: PolicyInput) => PolicyInput, code: PolicyReasonCode];

const cases: Case[] = [
  ["no consent on file", (i) => ({ ...i, consent: null }), "consent_missing"],
  ["consent revoked", (i) => ({ ...i, consent: { ...consent, revokedAt: d("2027-02-01") } }), "consent_revoked"],
  ["consent expired", (i) => ({ ...i, consent: { ...consent, expiresAt: d("2027-02-01") } }), "consent_expired"],
  ["category outside consent scopes", (i) => ({ ...i, consent: { ...consent, scopes: ["film_tv"] } }), "consent_scope"],
  [
    "estate's proof of authority not approved yet",
    (i) => ({ ...i, profile: { ...profile, estateAuthority: "pending" } }),
    "estate_authority_unverified",
  ],
  [
    "estate's proof of authority rejected",
    (i) => ({ ...i, profile: { ...profile, estateAuthority: "rejected" } }),
    "estate_authority_unverified",
  ],
  [
    "estate without a proof of authority",
    (i) => ({ ...i, profile: { ...profile, estateAuthority: "missing" } }),
    "estate_authority_unverified",
  ],
  [
    "fewer usable photos than required (e.g. photos destroyed after publishing)",
    (i) => ({ ...i, profile: { ...profile, usablePhotos: 2 } }),
    "too_few_usable_photos",
  ],
  [
    "a talent who has not verified that the face is theirs",
    (i) => ({ ...i, profile: { ...profile, verified: false } }),
    "talent_unverified",
  ],
  [
    "the set's face matches another person's profile, under review",
    (i) => ({ ...i, profile: { ...profile, identityConflict: "open" } }),
    "identity_conflict",
  ],
  [
    "the set's face was found to be another person's",
    (i) => ({ ...i, profile: { ...profile, identityConflict: "upheld" } }),
    "identity_conflict",
  ],
  ["offer revoked", (i) => ({ ...i, offer: { ...offer, status: "REVOKED" } }), "offer_inactive"],
  ["offer term not started", (i) => ({ ...i, now: d("2026-12-01") }), "offer_outside_term"],
  ["offer term over", (i) => ({ ...i, now: d("2028-02-01"), consent }), "offer_outside_term"],
  ["render quota used up", (i) => ({ ...i, offer: { ...offer, usage: { renders: 3, outputSeconds: 0 } } }), "render_quota_used_up"],
  ["seconds quota exceeded", (i) => ({ ...i, offer: { ...offer, usage: { renders: 1, outputSeconds: 100 } } }), "seconds_quota_exceeded"],
  ["category is a prohibited use", (i) => ({ ...i, request: { ...request, category: "political_content" } }), "category_prohibited"],
  [
    "content declares a prohibited use",
    (i) => ({ ...i, request: { ...request, contentDeclarations: ["aimed_at_minors"] } }),
    "prohibited_content",
  ],
  ["category not in the offer", (i) => ({ ...i, request: { ...request, category: "film_tv" } }), "category_not_allowed"],
  ["topic excluded by the talent", (i) => ({ ...i, request: { ...request, topics: ["alcohol"] } }), "topic_excluded"],
  ["territory not covered", (i) => ({ ...i, request: { ...request, territories: ["US", "FR"] } }), "territory_not_covered"],
  ["channel not covered", (i) => ({ ...i, request: { ...request, channels: ["cinema"] } }), "channel_not_covered"],
  [
    "campaign ends before it starts",
    (i) => ({ ...i, request: { ...request, campaignStart: d("2027-06-01"), campaignEnd: d("2027-04-01") } }),
    "campaign_dates_invalid",
  ],
  ["campaign outside the term", (i) => ({ ...i, request: { ...request, campaignEnd: d("2028-06-01") } }), "campaign_outside_term"],
  ["intended use too short", (i) => ({ ...i, request: { ...request, intendedUse: "An ad." } }), "intended_use_too_short"],
  [
    "intended use only whitespace padding",
    (i) => ({ ...i, request: { ...request, intendedUse: `  ad${" ".repeat(60)}` } }),
    "intended_use_too_short",
  ],
  ["no target footage", (i) => ({ ...i, request: { ...request, hasTargetFootage: false } }), "target_footage_missing"],
  ["no release for the performer", (i) => ({ ...i, request: { ...request, hasRelease: false } }), "release_missing"],
];

describe("policy engine", () => {
  it("routes a request the license allows to manual approval with no reasons", () => {
    expect(evaluatePolicy(base)).toEqual({ outcome: "needs_approval", reasons: [] });
  });

  it("allows a request outright when the offer approves automatically", () => {
    expect(evaluatePolicy({ ...base, offer: { ...offer, approvalMode: "AUTO" } })).toEqual({ outcome: "allow", reasons: [] });
  });

  it("covers any territory when the offer is worldwide", () => {
    const input = { ...base, offer: { ...offer, territories: ["WW"] }, request: { ...request, territories: ["JP", "BR"] } };
    expect(evaluatePolicy(input).outcome).toBe("needs_approval");
  });

  it.each(cases)("denies with reason %s", (_name, change, code) => {
    const decision = evaluatePolicy(change(base));
    expect(decision.outcome).toBe("deny");
    expect(decision.reasons.map((r) => r.code)).toContain(code);
    for (const r of decision.reasons) expect(r.message.length).toBeGreaterThan(10);
  });

  it("lists every reason that applies, not just the first", () => {
    const decision = evaluatePolicy({
      ...base,
      request: { ...request, territories: ["FR"], channels: ["cinema"], intendedUse: "short", hasRelease: false },
    });
    expect(decision.reasons.map((r) => r.code).sort()).toEqual(
      ["channel_not_covered", "intended_use_too_short", "release_missing", "territory_not_covered"].sort(),
    );
  });

  it("names the uncovered territories in the reason", () => {
    const decision = evaluatePolicy({ ...base, request: { ...request, territories: ["US", "FR", "DE"] } });
    expect(decision.reasons[0]).toMatchObject({ code: "territory_not_covered", field: "territories" });
    expect(decision.reasons[0]!.message).toContain("FR, DE");
  });
});

// Arbitraries over the whole vocabulary, including values no honest offer holds
// (an offer that "allows" a prohibited use), because the engine must not trust it.
const anyCategory = fc.constantFrom(...USE_CATEGORIES, ...PROHIBITED_USES);
const dateIn = (from: string, to: string) => fc.date({ min: d(from), max: d(to), noInvalidDate: true });
const arbOffer: fc.Arbitrary<PolicyOffer> = fc.record({
  status: fc.constantFrom("ACTIVE" as const, "REVOKED" as const),
  termStart: dateIn("2025-01-01", "2027-06-01"),
  termEnd: dateIn("2027-01-01", "2030-01-01"),
  allowedCategories: fc.uniqueArray(anyCategory, { minLength: 0, maxLength: 11 }),
  extraExclusions: fc.uniqueArray(fc.constantFrom(...EXCLUSION_TOPICS)),
  territories: fc.uniqueArray(fc.constantFrom("WW", "US", "FR", "JP"), { minLength: 1 }),
  channels: fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1 }),
  maxRenders: fc.integer({ min: 0, max: 10 }),
  maxOutputSeconds: fc.integer({ min: 0, max: 600 }),
  approvalMode: fc.constantFrom("MANUAL" as const, "AUTO" as const),
  usage: fc.record({ renders: fc.integer({ min: 0, max: 10 }), outputSeconds: fc.integer({ min: 0, max: 600 }) }),
});
const arbRequest: fc.Arbitrary<PolicyRequest> = fc.record({
  category: anyCategory,
  contentDeclarations: fc.uniqueArray(fc.constantFrom(...PROHIBITED_USES), { maxLength: 2 }),
  topics: fc.uniqueArray(fc.constantFrom(...EXCLUSION_TOPICS), { maxLength: 3 }),
  territories: fc.uniqueArray(fc.constantFrom("US", "FR", "JP", "DE"), { minLength: 1 }),
  channels: fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 3 }),
  campaignStart: dateIn("2025-01-01", "2029-01-01"),
  campaignEnd: dateIn("2025-01-01", "2030-01-01"),
  outputSeconds: fc.integer({ min: 1, max: 300 }),
  intendedUse: fc.string({ maxLength: 80 }),
  hasTargetFootage: fc.boolean(),
  hasRelease: fc.boolean(),
});
const arbConsent: fc.Arbitrary<PolicyConsent> = fc.record({
  acceptedAt: dateIn("2024-01-01", "2026-01-01"),
  expiresAt: dateIn("2026-01-01", "2031-01-01"),
  revokedAt: fc.option(dateIn("2026-01-01", "2029-01-01"), { nil: null }),
  scopes: fc.uniqueArray(anyCategory, { minLength: 1 }),
});
const arbNow = dateIn("2026-06-01", "2029-06-01");

describe("policy engine invariants", () => {
  it("never allows a prohibited category, whatever the offer and consent say", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, arbConsent, arbNow, fc.constantFrom(...PROHIBITED_USES), (o, r, c, now, p) => {
        const decision = evaluatePolicy({ profile, offer: o, request: { ...r, category: p }, consent: c, now });
        expect(decision.outcome).toBe("deny");
        expect(decision.reasons.some((x) => x.code === "category_prohibited")).toBe(true);
      }),
    );
  });

  it("never allows content that declares a prohibited use", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, arbConsent, arbNow, fc.constantFrom(...PROHIBITED_USES), (o, r, c, now, p) => {
        const decision = evaluatePolicy({ profile, offer: o, request: { ...r, contentDeclarations: [p] }, consent: c, now });
        expect(decision.outcome).toBe("deny");
      }),
    );
  });

  it("denies every request once consent is revoked", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, arbConsent, arbNow, (o, r, c, now) => {
        const revoked = { ...c, revokedAt: new Date(now.getTime() - 1000) };
        const decision = evaluatePolicy({ profile, offer: o, request: r, consent: revoked, now });
        expect(decision.outcome).toBe("deny");
        expect(decision.reasons.map((x) => x.code)).toContain("consent_revoked");
      }),
    );
  });

  it("denies exactly when it gives reasons, and gives none when it does not deny", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, fc.option(arbConsent, { nil: null }), arbNow, (o, r, c, now) => {
        const decision = evaluatePolicy({ profile, offer: o, request: r, consent: c, now });
        expect(decision.outcome === "deny").toBe(decision.reasons.length > 0);
      }),
    );
  });

  it("never allows a request on a revoked offer or beyond its quotas", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, arbConsent, arbNow, (o, r, c, now) => {
        const decision = evaluatePolicy({ profile, offer: o, request: r, consent: c, now });
        const overQuota = o.usage.renders >= o.maxRenders || o.usage.outputSeconds + r.outputSeconds > o.maxOutputSeconds;
        if (o.status === "REVOKED" || overQuota) expect(decision.outcome).toBe("deny");
      }),
    );
  });

  it("is deterministic: the same input gives the same decision", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, arbConsent, arbNow, (o, r, c, now) => {
        expect(evaluatePolicy({ profile, offer: o, request: r, consent: c, now })).toEqual(
          evaluatePolicy({ profile, offer: o, request: r, consent: c, now }),
        );
      }),
    );
  });
});

describe("gates before licensing", () => {
  const arbProfile = fc.record({
    estateAuthority: fc.constantFrom("not_needed", "missing", "pending", "approved", "rejected") as fc.Arbitrary<
      PolicyProfile["estateAuthority"]
    >,
    usablePhotos: fc.integer({ min: 0, max: 8 }),
    pendingPhotos: fc.integer({ min: 0, max: 3 }),
    minUsablePhotos: fc.integer({ min: 1, max: 6 }),
    verified: fc.constantFrom(true, false, null),
    verificationPending: fc.boolean(),
    identityConflict: fc.constantFrom("open", "upheld", null) as fc.Arbitrary<PolicyProfile["identityConflict"]>,
  });

  it("never lets a request through a closed gate, and names the gate", () => {
    fc.assert(
      fc.property(arbOffer, arbRequest, arbConsent, arbNow, arbProfile, (o, r, c, now, p) => {
        const decision = evaluatePolicy({ profile: p, offer: o, request: r, consent: c, now });
        const codes = decision.reasons.map((x) => x.code);
        const authorityClosed = !["not_needed", "approved"].includes(p.estateAuthority);
        const photosClosed = p.usablePhotos < p.minUsablePhotos;
        expect(codes.includes("estate_authority_unverified")).toBe(authorityClosed);
        expect(codes.includes("too_few_usable_photos")).toBe(photosClosed);
        expect(codes.includes("talent_unverified")).toBe(p.verified === false);
        expect(codes.includes("identity_conflict")).toBe(p.identityConflict !== null);
        if (authorityClosed || photosClosed || p.verified === false || p.identityConflict) expect(decision.outcome).toBe("deny");
      }),
    );
  });

  it("lists the gates in order with what to do next; a living talent verifies the face, an estate proves its authority instead", () => {
    const open = licensingGates({ consent, profile, now: NOW });
    expect(open.map((g) => [g.gate, g.open])).toEqual([
      ["consent", true],
      ["likeness_set", true],
      ["talent_verified", true],
      ["one_face", true],
    ]);
    expect(closedGateReasons({ consent, profile, now: NOW })).toEqual([]);

    const estateProfile: PolicyProfile = { ...profile, estateAuthority: "rejected", usablePhotos: 1, pendingPhotos: 2, verified: null };
    const estate = licensingGates({ consent: null, profile: estateProfile, now: NOW });
    expect(estate.map((g) => [g.gate, g.open])).toEqual([
      ["consent", false],
      ["estate_authority", false],
      ["likeness_set", false],
      ["one_face", true],
    ]);
    expect(estate[1]!.detail).toContain("upload a new one");
    expect(estate[2]!.detail).toBe("1 usable photo so far (2 still being analysed): add 2 more sharp photos of the face.");
    expect(closedGateReasons({ consent: null, profile: { ...estateProfile, pendingPhotos: 0 }, now: NOW }).map((r) => r.code)).toEqual([
      "consent_missing",
      "estate_authority_unverified",
      "too_few_usable_photos",
    ]);

    const unverified = licensingGates({
      consent,
      profile: { ...profile, verified: false, verificationPending: true, identityConflict: "open" },
      now: NOW,
    });
    expect(unverified.filter((g) => !g.open).map((g) => [g.gate, g.reason!.code])).toEqual([
      ["talent_verified", "talent_unverified"],
      ["one_face", "identity_conflict"],
    ]);
    expect(unverified[2]!.detail).toBe("The verification video is being checked or reviewed.");
  });
});
