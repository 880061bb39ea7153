import type { Actor } from "@/lib/auth/actor";
import { managedPrincipalIds, requireRole, requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { notFound, parseInput } from "@/lib/errors";
import { pageArgs, toPage, ZPage, type TPage } from "@/lib/pagination";
import { ZRequestListFilter } from "./types";
import { requestTimeline } from "./request-timeline";

const listInclude = {
  offer: { select: { id: true, title: true, disclosureText: true } },
  profile: { select: { id: true, displayName: true } },
  studio: { select: { id: true, name: true } },
} satisfies Prisma.SwapRequestInclude;

async function listWhere(db: Db, where: Prisma.SwapRequestWhereInput, filter: unknown, page: TPage | undefined) {
  const f = parseInput(ZRequestListFilter, filter ?? {});
  const p = parseInput(ZPage, page ?? {});
  const rows = await db.swapRequest.findMany({
    where: { ...where, ...(f.status ? { status: f.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: listInclude,
    ...pageArgs(p),
  });
  return toPage(rows, p.limit);
}

/** The studio's own requests, newest first. */
export async function listStudioRequests(opts: { db: Db; actor: Actor; filter?: { status?: string }; page?: TPage }) {
  const studioId = requireStudio(opts.actor);
  return listWhere(opts.db, { studioId }, opts.filter, opts.page);
}

/** Requests against the likenesses the actor manages (talent, estate or agent inbox). */
export async function listInboxRequests(opts: { db: Db; actor: Actor; filter?: { status?: string }; page?: TPage }) {
  requireRole(opts.actor, ["TALENT", "ESTATE", "AGENT"]);
  const principals = await managedPrincipalIds(opts.db, opts.actor);
  return listWhere(opts.db, { profile: { principalUserId: { in: principals } } }, opts.filter, opts.page);
}

/** How many requests in the actor's inbox have a status (e.g. awaiting approval), for home pages. */
export async function countInboxRequests(opts: { db: Db; actor: Actor; status: string }) {
  requireRole(opts.actor, ["TALENT", "ESTATE", "AGENT"]);
  const f = parseInput(ZRequestListFilter, { status: opts.status });
  const principals = await managedPrincipalIds(opts.db, opts.actor);
  return opts.db.swapRequest.count({ where: { profile: { principalUserId: { in: principals } }, status: f.status } });
}

/**
 * One request, for those with a part in it: members of the studio that made it,
 * the talent/estate and their agents, and admins. Anyone else gets 404.
 */
export async function getRequest(opts: { db: Db; actor: Actor; requestId: string }) {
  const { db, actor } = opts;
  const row = await db.swapRequest.findUnique({
    where: { id: opts.requestId },
    include: {
      ...listInclude,
      offer: true,
      targetUpload: {
        select: {
          id: true,
          originalName: true,
          mimeType: true,
          byteSize: true,
          width: true,
          height: true,
          destroyedAt: true,
          performerScan: true,
          performers: true,
          performerScanError: true,
        },
      },
      releaseUpload: { select: { id: true, originalName: true, mimeType: true, byteSize: true } },
    },
  });
  if (!row) throw notFound("Request");
  const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: row.profileId }, select: { principalUserId: true } });
  const isStudio = actor.role === "STUDIO" && actor.studioId === row.studioId;
  const isManager =
    ["TALENT", "ESTATE", "AGENT"].includes(actor.role) && (await managedPrincipalIds(db, actor)).includes(profile.principalUserId);
  if (!isStudio && !isManager && actor.role !== "ADMIN") throw notFound("Request");
  const events = await db.auditEvent.findMany({
    where: { subjectType: "SwapRequest", subjectId: row.id },
    orderBy: { seq: "asc" },
    // Roles, not emails: each side sees what happened, not the other side's personal addresses.
    select: { seq: true, at: true, action: true, actorRole: true, payload: true },
  });
  const history = requestTimeline(events);
  return { request: row, history, viewerIs: isStudio ? "studio" : isManager ? "manager" : "admin" } as const;
}
