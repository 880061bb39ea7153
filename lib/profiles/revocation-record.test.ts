import { describe, expect, it } from "vitest";
import { describeHistoryEntry, lastDestruction, profileStanding, summarizeProfileHistory, type HistoryEvent } from "./revocation-record";
import { duplicateProfileMessage } from "./create-profile";

const t = (s: string) => new Date(`2026-05-01T${s}Z`);
let seq = 0;
const ev = (at: string, action: string, subjectType: string, subjectId: string, payload: unknown = {}): HistoryEvent => ({
  seq: ++seq,
  at: t(at),
  action,
  subjectType,
  subjectId,
  payload,
});

describe("the revoked profile's record, read from audit events", () => {
  const revokedAt = "10:00:00.000";
  const events = [
    ev("09:00:00.000", "profile.created", "LikenessProfile", "p1"),
    ev("09:01:00.000", "consent.signed", "ConsentRecord", "c1", { profileId: "p1", version: 1 }),
    ev(revokedAt, "consent.revoked", "ConsentRecord", "c1", { profileId: "p1", reason: "Changed my mind", destroyBiometrics: true }),
    ev(revokedAt, "offer.revoked", "LicenseOffer", "o1", { reason: "x" }),
    ev(revokedAt, "output.revoked", "RenderOutput", "r1", { requestId: "q1", reason: "x" }),
    ev(revokedAt, "offer.revoked", "LicenseOffer", "o2", { reason: "x" }),
    ev(revokedAt, "output.revoked", "RenderOutput", "r2", { requestId: "q2", reason: "x" }),
    ev(revokedAt, "output.revoked", "RenderOutput", "r3", { requestId: "q3", reason: "x" }),
    ev(revokedAt, "biometrics.destroyed", "LikenessProfile", "p1", {
      reason: "Consent revoked with a destruction request",
      assetCount: 4,
      assetIds: [],
      consentVideoCount: 1,
    }),
    ev(revokedAt, "talent_model.destroyed", "TalentModel", "m1", {
      profileId: "p1",
      reason: "x",
      previousStatus: "trained",
      orderCheckpointCount: 2,
    }),
  ];

  it("lists what was destroyed when: photos, consent videos, models, and outputs marked revoked, with counts", () => {
    const entries = summarizeProfileHistory(events, new Map([["c1", 1]]));
    expect(entries.map((e) => e.kind)).toEqual([
      "profile_created",
      "consent_signed",
      "consent_revoked",
      "offers_revoked",
      "outputs_revoked",
      "photos_destroyed",
      "consent_videos_destroyed",
      "model_destroyed",
    ]);
    expect(entries.find((e) => e.kind === "outputs_revoked")).toMatchObject({ count: 3, at: t(revokedAt) });
    expect(entries.find((e) => e.kind === "offers_revoked")).toMatchObject({ count: 2 });
    expect(entries.find((e) => e.kind === "consent_revoked")).toMatchObject({
      version: 1,
      reason: "Changed my mind",
      destroyBiometrics: true,
    });
    expect(lastDestruction(entries)).toEqual(t(revokedAt));
    const words = entries.map(describeHistoryEntry);
    expect(words).toContain("3 delivered outputs marked revoked in the registry");
    expect(words).toContain("4 reference photos and their encryption key destroyed (Consent revoked with a destruction request)");
    expect(words).toContain("1 consent video of \u201cVerify it's you\u201d destroyed");
    expect(words).toContain("The base model trained on the photos destroyed, with 2 orders' training checkpoints");
  });

  it("orders events by time whatever order they arrive in, and shows a reopening under new consent", () => {
    const later = [
      ...events,
      ev("11:00:00.000", "consent.signed", "ConsentRecord", "c2", { version: 2 }),
      ev("11:00:00.000", "profile.reopened", "LikenessProfile", "p1", { consentId: "c2", version: 2 }),
    ];
    const entries = summarizeProfileHistory(later.reverse());
    expect(entries[0]!.kind).toBe("profile_created");
    expect(entries.slice(-2).map((e) => e.kind)).toEqual(["consent_signed", "profile_reopened"]);
    expect(describeHistoryEntry(entries.at(-1)!)).toMatch(/^New consent \(version 2\) signed on this profile/);
  });

  it("still shows an event whose payload does not parse, with what the row says", () => {
    const entries = summarizeProfileHistory([
      ev("09:00:00.000", "biometrics.destroyed", "LikenessProfile", "p1", "not an object"),
      ev("09:00:01.000", "consent.revoked", "ConsentRecord", "c9", null),
    ]);
    expect(entries).toEqual([
      { kind: "photos_destroyed", at: t("09:00:00.000"), count: null, reason: null },
      { kind: "consent_revoked", at: t("09:00:01.000"), version: null, reason: null, destroyBiometrics: false },
    ]);
    expect(describeHistoryEntry(entries[0]!)).toBe("The reference photos and their encryption key destroyed");
    expect(lastDestruction([])).toBeNull();
  });

  it("ignores audit actions that are not part of the record", () => {
    expect(summarizeProfileHistory([ev("09:00:00.000", "likeness_asset.uploaded", "LikenessAsset", "a1")])).toEqual([]);
  });
});

describe("a profile's standing after destruction", () => {
  it("is read-only with the rebuild steps (consent, photos, verification, offer) while its data is destroyed", () => {
    const s = profileStanding({ biometricsDestroyedAt: t("10:00:00.000"), deceased: false, minUsablePhotos: 3 });
    expect(s.readOnly).toBe(true);
    expect(s.nextSteps).toHaveLength(4);
    expect(s.nextSteps[0]).toMatch(/^Sign new consent on this profile/);
    expect(s.nextSteps[1]).toMatch(/at least 3 usable photos/);
    expect(s.nextSteps[2]).toMatch(/Verify it's you/);
  });

  it("an estate's rebuild has no video verification step; a live profile has no rebuild steps", () => {
    expect(
      profileStanding({ biometricsDestroyedAt: t("10:00:00.000"), deceased: true, minUsablePhotos: 3 }).nextSteps.join(" "),
    ).not.toMatch(/Verify it's you/);
    expect(profileStanding({ biometricsDestroyedAt: null, deceased: false, minUsablePhotos: 3 })).toEqual({
      readOnly: false,
      nextSteps: [],
    });
  });
});

describe("creating a second profile", () => {
  it("is refused with a message that says to sign new consent on the revoked profile", () => {
    expect(duplicateProfileMessage({ biometricsDestroyedAt: new Date() })).toMatch(
      /Sign new consent on that profile instead of creating another/,
    );
    expect(duplicateProfileMessage({ biometricsDestroyedAt: null })).toMatch(/already has a likeness profile/);
  });
});
