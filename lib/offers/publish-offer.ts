import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { currentConsent, toPolicyConsent } from "@/lib/consent/current-consent";
import type { Db } from "@/lib/db/client";
import { AppError, invalid, parseInput } from "@/lib/errors";
import { isConsentActive } from "@/lib/licensing/policy";
import { MAX_TERM_YEARS_LIVING, USE_CATEGORY_LABELS, type UseCategory } from "@/lib/licensing/vocabulary";
import { ZPublishOffer, type TPublishOffer } from "./types";

/** Publishes a license offer for a profile with active consent (talent, estate, or their agent). */
export async function publishOffer(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TPublishOffer; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const input = parseInput(ZPublishOffer, opts.input);
  return db.$transaction(async (tx) => {
    const profile = await loadManagedProfile(tx, actor, input.profileId);
    const consent = await currentConsent(tx, profile.id);
    if (!consent || !isConsentActive(toPolicyConsent(consent), now)) {
      throw new AppError("CONFLICT", "Sign an active consent before publishing offers.");
    }
    const outside = input.allowedCategories.filter((c) => !consent.scopes.includes(c));
    if (outside.length) {
      throw invalid(
        "allowedCategories",
        `The signed consent does not cover: ${outside.map((c) => USE_CATEGORY_LABELS[c as UseCategory]).join(", ")}`,
      );
    }
    if (!profile.deceased) {
      const limit = new Date(input.termStart);
      limit.setFullYear(limit.getFullYear() + MAX_TERM_YEARS_LIVING);
      if (input.termEnd > limit) {
        throw invalid("termEnd", `A license for a living person can run at most ${MAX_TERM_YEARS_LIVING} years`);
      }
    }
    if (input.termEnd > consent.expiresAt) {
      throw invalid("termEnd", `The term must end by ${consent.expiresAt.toISOString().slice(0, 10)}, when the consent ends`);
    }
    if (input.termEnd <= now) throw invalid("termEnd", "The term must end in the future");
    const offer = await tx.licenseOffer.create({
      data: { ...input, createdById: actor.userId },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "offer.published",
      subjectType: "LicenseOffer",
      subjectId: offer.id,
      payload: {
        profileId: profile.id,
        allowedCategories: input.allowedCategories,
        territories: input.territories,
        channels: input.channels,
        termStart: input.termStart.toISOString(),
        termEnd: input.termEnd.toISOString(),
        approvalMode: input.approvalMode,
        reviewOutputs: input.reviewOutputs,
      },
    });
    return offer;
  });
}
