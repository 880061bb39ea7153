import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { currentConsent } from "@/lib/consent/current-consent";
import type { Db } from "@/lib/db/client";
import { AppError, invalid, parseInput } from "@/lib/errors";
import { loadProfileGates } from "@/lib/profiles/licensing-gates";
import { MAX_TERM_YEARS_LIVING, USE_CATEGORY_LABELS, type UseCategory } from "@/lib/licensing/vocabulary";
import { ZPublishOffer, type TPublishOffer } from "./types";

/**
 * Publishes a license offer (talent, estate, or their agent) for a profile
 * whose gates before licensing are open (lib/licensing/gates.ts): consent in
 * force, the estate's authority approved (estates), enough usable photos.
 * Refused with every closed gate's reason (fields keyed by reason code).
 */
export async function publishOffer(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TPublishOffer; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const input = parseInput(ZPublishOffer, opts.input);
  return db.$transaction(async (tx) => {
    const profile = await loadManagedProfile(tx, actor, input.profileId);
    const { closed } = await loadProfileGates(tx, profile, now);
    if (closed.length) {
      throw new AppError(
        "CONFLICT",
        `This likeness cannot be licensed yet. ${closed.map((r) => r.message).join(" ")}`,
        Object.fromEntries(closed.map((r) => [r.code, r.message])),
      );
    }
    const consent = (await currentConsent(tx, profile.id))!;
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
