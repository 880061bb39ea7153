import { db } from "@/lib/db/client";
import { performerThumbnail } from "@/lib/footage/read-performers";
import { sessionOrKeyRoute } from "../../../../../_lib/session-or-key-route";

/**
 * GET /api/v1/uploads/{id}/performers/{performerId}/thumbnail — a performer's
 * face from the footage as JPEG, decrypted for this response only and never
 * cached (it is biometric data of the person in the footage); 404 for anyone
 * but the studio that owns the footage.
 */
export const GET = sessionOrKeyRoute<{ id: string; performerId: string }>(["STUDIO"], async (_req, actor, { id, performerId }) => {
  const jpeg = await performerThumbnail({ db: db(), actor, uploadId: id, performerId });
  return new Response(new Uint8Array(jpeg), {
    headers: {
      "Content-Type": "image/jpeg",
      "Content-Length": String(jpeg.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
});
