import type { Actor } from "@/lib/auth/actor";
import { managedPrincipalIds, requireRole, requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { notFound, parseInput } from "@/lib/errors";
import { pageArgs, toPage, ZPage, type TPage } from "@/lib/pagination";
import { parseStages } from "@/lib/render/stages";
import { orderViewer } from "./order-access";

const listInclude = {
  request: { select: { id: true, title: true } },
  profile: { select: { id: true, displayName: true } },
  studio: { select: { id: true, name: true } },
  offer: { select: { id: true, title: true } },
} satisfies Prisma.OrderInclude;

async function listWhere(db: Db, where: Prisma.OrderWhereInput, page: TPage | undefined) {
  const p = parseInput(ZPage, page ?? {});
  const rows = await db.order.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: listInclude, ...pageArgs(p) });
  return toPage(rows, p.limit);
}

/** The studio's orders, newest first. */
export async function listStudioOrders(opts: { db: Db; actor: Actor; page?: TPage }) {
  return listWhere(opts.db, { studioId: requireStudio(opts.actor) }, opts.page);
}

/** Orders for the likenesses the actor manages (talent, estate, representing agent). */
export async function listManagedOrders(opts: { db: Db; actor: Actor; page?: TPage; status?: Prisma.OrderWhereInput["status"] }) {
  requireRole(opts.actor, ["TALENT", "ESTATE", "AGENT"]);
  const principals = await managedPrincipalIds(opts.db, opts.actor);
  return listWhere(
    opts.db,
    { profile: { principalUserId: { in: principals } }, ...(opts.status ? { status: opts.status } : {}) },
    opts.page,
  );
}

/** The order of a request, for anyone who may see the request's order (null when none was started). */
export async function orderOfRequest(opts: { db: Db; actor: Actor; requestId: string }) {
  const order = await opts.db.order.findUnique({ where: { requestId: opts.requestId } });
  if (!order) return null;
  await orderViewer(opts.db, opts.actor, order);
  return order;
}

const LOG_TAIL = 200;

/**
 * An order with everything its page shows: the request, the latest render
 * (stages, progress, ETA, error), its stage log, the output (when registered)
 * and the ledger. One read for the page and the API's progress endpoint.
 */
export async function getOrder(opts: { db: Db; actor: Actor; orderId: string }) {
  const { db } = opts;
  // One read with its relations (the order page polls this every 1.5 s while rendering).
  const detail = await db.order.findUnique({
    where: { id: opts.orderId },
    include: {
      ...listInclude,
      offer: { select: { id: true, title: true, disclosureText: true, reviewOutputs: true } },
      request: { select: { id: true, title: true, targetUpload: { select: { id: true, originalName: true, mimeType: true } } } },
      renderJobs: { orderBy: { createdAt: "desc" }, take: 1, include: { log: { orderBy: { id: "desc" }, take: LOG_TAIL } } },
      output: {
        select: {
          id: true,
          verifyCode: true,
          mimeType: true,
          byteSize: true,
          outputSha256: true,
          createdAt: true,
          revokedAt: true,
          revokedReason: true,
        },
      },
      ledger: { orderBy: { createdAt: "asc" } },
      _count: { select: { renderJobs: true } },
    },
  });
  if (!detail) throw notFound("Order");
  const viewer = await orderViewer(db, opts.actor, detail);
  const { renderJobs, output, ledger, _count, ...order } = detail;
  const job = renderJobs[0];
  return {
    viewer,
    order,
    render: job
      ? {
          id: job.id,
          status: job.status,
          stage: job.stage,
          progress: job.progress,
          etaSeconds: job.etaSeconds,
          stages: parseStages(job.stages),
          attempts: job.attempts,
          error: job.error,
          cancelReason: job.cancelReason,
          hasPreview: job.previewBlobKey !== null,
          startedAt: job.startedAt,
          finishedAt: job.finishedAt,
          updatedAt: job.updatedAt,
          number: _count.renderJobs,
        }
      : null,
    log: job ? [...job.log].reverse().map((l) => ({ id: String(l.id), at: l.at, stage: l.stage, level: l.level, message: l.message })) : [],
    output,
    // The studio sees what it paid and what was refunded; the talent side also sees the split.
    ledger: ledger
      .filter((e) => viewer !== "studio" || e.kind === "charge" || e.kind === "refund")
      .map((e) => ({ kind: e.kind, amountMinor: e.amountMinor, currency: e.currency, userId: e.userId, createdAt: e.createdAt })),
  };
}
export type OrderDetail = Awaited<ReturnType<typeof getOrder>>;

/** The order behind a checkout session, for the members of the studio that placed it (anyone else: 404). */
export async function orderByCheckoutSession(opts: { db: Db; actor: Actor; sessionId: string }) {
  const row = await opts.db.order.findUnique({ where: { checkoutSessionId: opts.sessionId }, select: { id: true } });
  if (!row) throw notFound("Order");
  const detail = await getOrder({ db: opts.db, actor: opts.actor, orderId: row.id });
  if (detail.viewer !== "studio") throw notFound("Order");
  return detail.order;
}
