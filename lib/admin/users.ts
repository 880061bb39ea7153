import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { pageArgs, toPage, ZPage, type TPage } from "@/lib/pagination";

export const ZUserFilter = z.object({
  q: text({ max: 100 }).optional(),
  role: z.enum(["TALENT", "AGENT", "ESTATE", "STUDIO", "ADMIN"]).optional(),
});

/** All accounts for admins (never password hashes). */
export async function listUsers(opts: { db: Db; actor: Actor; filter?: z.input<typeof ZUserFilter>; page?: TPage }) {
  requireRole(opts.actor, ["ADMIN"]);
  const f = parseInput(ZUserFilter, opts.filter ?? {});
  const p = parseInput(ZPage, opts.page ?? {});
  const rows = await opts.db.user.findMany({
    where: {
      ...(f.role ? { role: f.role } : {}),
      ...(f.q ? { OR: [{ email: { contains: f.q, mode: "insensitive" } }, { name: { contains: f.q, mode: "insensitive" } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      disabledAt: true,
      studioMembership: { select: { role: true, studio: { select: { name: true } } } },
    },
    ...pageArgs(p),
  });
  return toPage(rows, p.limit);
}
