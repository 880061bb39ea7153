import { z } from "zod";

// What happened to a likeness profile's consent and biometric data, as its
// talent (and their agents) read it after a revocation: read from the audit
// events that revocation, destruction and retention already write (pure
// functions here; lib/profiles/profile-history.ts loads the events). Payloads
// are parsed with zod on read, never cast; an event whose payload does not
// parse still shows, with what the row itself says.

export type HistoryEvent = {
  seq: bigint | number;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
};

export type HistoryEntry =
  | { kind: "profile_created"; at: Date }
  | { kind: "consent_signed"; at: Date; version: number | null }
  | { kind: "consent_revoked"; at: Date; version: number | null; reason: string | null; destroyBiometrics: boolean }
  | { kind: "offers_revoked"; at: Date; count: number }
  | { kind: "outputs_revoked"; at: Date; count: number }
  | { kind: "photos_destroyed"; at: Date; count: number | null; reason: string | null }
  | { kind: "consent_videos_destroyed"; at: Date; count: number }
  | { kind: "model_destroyed"; at: Date; checkpoints: number | null }
  | { kind: "profile_reopened"; at: Date; version: number | null };

/** The audit actions the record is read from (the loader asks only for these). */
export const HISTORY_ACTIONS = [
  "profile.created",
  "profile.reopened",
  "consent.signed",
  "consent.revoked",
  "offer.revoked",
  "output.revoked",
  "biometrics.destroyed",
  "talent_model.destroyed",
] as const;

const ZSigned = z.object({ version: z.number().int().positive() });
const ZRevoked = z.object({ reason: z.string(), destroyBiometrics: z.boolean() });
const ZDestroyed = z.object({
  reason: z.string().optional(),
  assetCount: z.number().int().nonnegative().optional(),
  consentVideoCount: z.number().int().nonnegative().optional(),
});
const ZModelDestroyed = z.object({ orderCheckpointCount: z.number().int().nonnegative().optional() });
const ZReopened = z.object({ version: z.number().int().positive().optional() });

function parse<T>(schema: z.ZodType<T>, payload: unknown): Partial<T> {
  const r = schema.safeParse(payload);
  return r.success ? r.data : {};
}

/**
 * The profile's record, oldest first. Offers and outputs revoked in one
 * transaction (one instant) are one entry with their count; consent versions
 * come from `consentVersions` (consent id -> version) for events that name
 * only the consent.
 */
export function summarizeProfileHistory(events: HistoryEvent[], consentVersions: ReadonlyMap<string, number> = new Map()): HistoryEntry[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || Number(BigInt(a.seq) - BigInt(b.seq)));
  const out: HistoryEntry[] = [];
  const bump = (kind: "offers_revoked" | "outputs_revoked", at: Date) => {
    const same = out.find((e): e is Extract<HistoryEntry, { kind: typeof kind }> => e.kind === kind && e.at.getTime() === at.getTime());
    if (same) same.count++;
    else out.push({ kind, at, count: 1 });
  };
  for (const e of sorted) {
    switch (e.action) {
      case "profile.created":
        out.push({ kind: "profile_created", at: e.at });
        break;
      case "consent.signed":
        out.push({
          kind: "consent_signed",
          at: e.at,
          version: parse(ZSigned, e.payload).version ?? consentVersions.get(e.subjectId) ?? null,
        });
        break;
      case "consent.revoked": {
        const p = parse(ZRevoked, e.payload);
        out.push({
          kind: "consent_revoked",
          at: e.at,
          version: consentVersions.get(e.subjectId) ?? null,
          reason: p.reason ?? null,
          destroyBiometrics: p.destroyBiometrics ?? false,
        });
        break;
      }
      case "offer.revoked":
        bump("offers_revoked", e.at);
        break;
      case "output.revoked":
        bump("outputs_revoked", e.at);
        break;
      case "biometrics.destroyed": {
        const p = parse(ZDestroyed, e.payload);
        out.push({ kind: "photos_destroyed", at: e.at, count: p.assetCount ?? null, reason: p.reason ?? null });
        if (p.consentVideoCount) out.push({ kind: "consent_videos_destroyed", at: e.at, count: p.consentVideoCount });
        break;
      }
      case "talent_model.destroyed":
        out.push({ kind: "model_destroyed", at: e.at, checkpoints: parse(ZModelDestroyed, e.payload).orderCheckpointCount ?? null });
        break;
      case "profile.reopened":
        out.push({ kind: "profile_reopened", at: e.at, version: parse(ZReopened, e.payload).version ?? null });
        break;
    }
  }
  return out;
}

const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One entry in words, as the talent reads it. */
export function describeHistoryEntry(e: HistoryEntry): string {
  switch (e.kind) {
    case "profile_created":
      return "Profile created";
    case "consent_signed":
      return e.version ? `Consent version ${e.version} signed` : "Consent signed";
    case "consent_revoked":
      return `${e.version ? `Consent version ${e.version}` : "Consent"} revoked${e.reason ? `: \u201c${e.reason}\u201d` : ""}${e.destroyBiometrics ? " (with a request to destroy the biometric data)" : ""}`;
    case "offers_revoked":
      return `${n(e.count, "license offer", "license offers")} withdrawn from the catalog`;
    case "outputs_revoked":
      return `${n(e.count, "delivered output", "delivered outputs")} marked revoked in the registry`;
    case "photos_destroyed":
      return `${e.count === null ? "The reference photos" : n(e.count, "reference photo", "reference photos")} and their encryption key destroyed${e.reason ? ` (${e.reason})` : ""}`;
    case "consent_videos_destroyed":
      return `${n(e.count, "consent video", "consent videos")} of \u201cVerify it's you\u201d destroyed`;
    case "model_destroyed":
      return `The base model trained on the photos destroyed${e.checkpoints ? `, with ${n(e.checkpoints, "order's training checkpoint", "orders' training checkpoints")}` : ""}`;
    case "profile_reopened":
      return `New consent${e.version ? ` (version ${e.version})` : ""} signed on this profile after its data was destroyed: a new encryption key; photos and verification start again`;
  }
}

/** The last destruction of the profile's biometric data, or null if it never happened. */
export function lastDestruction(entries: HistoryEntry[]): Date | null {
  const d = entries.filter((e) => e.kind === "photos_destroyed").at(-1);
  return d ? d.at : null;
}

export type ProfileStanding = {
  /** The biometric data is destroyed now and no consent has been signed since: the profile is read-only. */
  readOnly: boolean;
  /** What the talent does next, in order (empty when nothing is blocked by the revocation). */
  nextSteps: string[];
};

/**
 * Where a profile stands after its consent ended. A destroyed profile stays
 * the talent's one profile, read-only, until its principal signs new consent
 * on it; after that it is rebuilt like a new one and passes every gate again.
 */
export function profileStanding(opts: { biometricsDestroyedAt: Date | null; deceased: boolean; minUsablePhotos: number }): ProfileStanding {
  if (!opts.biometricsDestroyedAt) return { readOnly: false, nextSteps: [] };
  return {
    readOnly: true,
    nextSteps: [
      `${opts.deceased ? "The estate signs" : "Sign"} new consent on this profile (it gets a new encryption key).`,
      `Upload new reference photos: at least ${opts.minUsablePhotos} usable photos of the face.`,
      ...(opts.deceased ? [] : ["Record \u201cVerify it's you\u201d again: the earlier video was destroyed."]),
      "Publish a license offer once every gate is open.",
    ],
  };
}
