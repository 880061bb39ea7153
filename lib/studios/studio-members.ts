import type { Actor } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";

// Members join by invitation (studio-invitations.ts), which reveals nothing
// about who has an account.

export async function listStudioMembers(opts: { db: Db; actor: Actor }) {
  const studioId = requireStudio(opts.actor);
  return opts.db.studioMember.findMany({
    where: { studioId },
    orderBy: { addedAt: "asc" },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
}
