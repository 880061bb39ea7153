import { db } from "@/lib/db/client";
import { readRenderPreview } from "@/lib/orders/read-order-files";
import { sessionOrKeyRoute } from "../../../_lib/session-or-key-route";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

/**
 * GET /api/v1/orders/{id}/preview — the latest converted frame of the order's
 * render as JPEG (decrypted for this response only, never cached), for the
 * people who may see the order; 404 before the first frame and for anyone else.
 */
export const GET = sessionOrKeyRoute<{ id: string }>(undefined, async (_req, actor, { id }) => {
  const jpeg = await readRenderPreview({ db: db(), actor, orderId: id });
  return privateFileResponse(jpeg, "image/jpeg");
});
