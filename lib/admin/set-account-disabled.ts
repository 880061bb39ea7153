import { z } from "zod";
import { recordId, text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";

// An admin disables an account, or enables it again. Nothing else needs
// undoing: every page, action and route re-reads the user row per request
// (app/_lib/actor.ts), API keys are refused while their creator is disabled
// (lib/studios/api-keys.ts), and so are download links and sign-in, so a
// disabled account's sessions and keys stop at its next request and work again
// once it is enabled.

export const ZSetAccountDisabled = z.object({
  userId: recordId("Choose an account"),
  disabled: z.boolean(),
  reason: text({ max: 500, multiline: true, tooLong: "Keep the reason under 500 characters" }).optional(),
});
export type TSetAccountDisabled = z.input<typeof ZSetAccountDisabled>;

export async function setAccountDisabled(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TSetAccountDisabled }) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["ADMIN"]);
  const input = parseInput(ZSetAccountDisabled, opts.input);
  if (input.userId === actor.userId) {
    throw new AppError("CONFLICT", "You cannot disable your own account; ask another admin.", { userId: "Your own account" });
  }
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } });
    if (!user) throw notFound("Account");
    // Conditional update: two admins pressing the same button at once make one change and one event.
    const changed = await tx.user.updateMany({
      where: { id: user.id, disabledAt: input.disabled ? null : { not: null } },
      data: { disabledAt: input.disabled ? new Date() : null },
    });
    if (changed.count === 0) {
      throw new AppError("CONFLICT", input.disabled ? "This account is already disabled." : "This account is already enabled.");
    }
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: input.disabled ? "user.disabled" : "user.enabled",
      subjectType: "User",
      subjectId: user.id,
      payload: input.disabled ? { email: user.email, ...(input.reason ? { reason: input.reason } : {}) } : { email: user.email },
    });
    return tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, email: true, disabledAt: true } });
  });
}
