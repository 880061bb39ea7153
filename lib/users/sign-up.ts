import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { newWrappedDataKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { ZSignUp, type TSignUp } from "./types";

/** Creates an account (and, for a studio, its studio with the user as owner). */
export async function signUp(opts: { db: Db; input: TSignUp; meta: RequestMeta }): Promise<Actor> {
  const input = parseInput(ZSignUp, opts.input);
  const passwordHash = await hashPassword(input.password);
  const taken = await opts.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) {
    throw new AppError("CONFLICT", "An account with this email already exists; sign in instead.", {
      email: "An account with this email already exists",
    });
  }
  return opts.db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: input.role },
    });
    let studioId: string | undefined;
    const actor: Actor = { userId: user.id, role: user.role, email: user.email, name: user.name };
    await appendAuditEvent(tx, {
      actor,
      meta: opts.meta,
      action: "user.signed_up",
      subjectType: "User",
      subjectId: user.id,
      payload: { role: user.role },
    });
    if (input.role === "STUDIO" && input.studioName) {
      const studio = await tx.studioAccount.create({
        data: {
          name: input.studioName,
          wrappedDataKey: newWrappedDataKey(masterKey()),
          members: { create: { userId: user.id, role: "OWNER" } },
        },
      });
      studioId = studio.id;
      await appendAuditEvent(tx, {
        actor,
        meta: opts.meta,
        action: "studio.created",
        subjectType: "StudioAccount",
        subjectId: studio.id,
        payload: { name: studio.name },
      });
    }
    return { ...actor, studioId };
  });
}
