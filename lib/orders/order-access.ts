import type { Actor } from "@/lib/auth/actor";
import { managedPrincipalIds } from "@/lib/auth/permissions";
import type { Db, Tx } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

export type OrderViewer = "studio" | "manager" | "admin";

/**
 * Who may see an order, written once: members of the studio that ordered it,
 * the talent or estate whose likeness it uses and their representing agents,
 * and admins. Anyone else gets 404, so order ids leak nothing.
 */
export async function orderViewer(client: Db | Tx, actor: Actor, order: { studioId: string; profileId: string }): Promise<OrderViewer> {
  if (actor.role === "STUDIO" && actor.studioId === order.studioId) return "studio";
  if (actor.role === "ADMIN") return "admin";
  if (["TALENT", "ESTATE", "AGENT"].includes(actor.role)) {
    const profile = await client.likenessProfile.findUnique({ where: { id: order.profileId }, select: { principalUserId: true } });
    if (profile && (await managedPrincipalIds(client, actor)).includes(profile.principalUserId)) return "manager";
  }
  throw notFound("Order");
}

export async function loadViewableOrder(client: Db | Tx, actor: Actor, orderId: string) {
  const order = await client.order.findUnique({ where: { id: orderId } });
  if (!order) throw notFound("Order");
  return { order, viewer: await orderViewer(client, actor, order) };
}
