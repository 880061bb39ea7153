import { db } from "@/lib/db/client";
import { performerThumbnail } from "@/lib/footage/read-performers";
import { sessionOrKeyRoute } from "../../../../../_lib/session-or-key-route";
import { privateFileResponse } from "@/app/api/_lib/private-file-response";

/**
 * GET /api/v1/uploads/{id}/performers/{performerId}/thumbnail — a performer's
 * face from the footage as JPEG, decrypted for this response only and never
 * cached (it is biometric data of the person in the footage); 404 for anyone
 * but the studio that owns the footage.
 */
export const GET = sessionOrKeyRoute<{ id: string; performerId: string }>(["STUDIO"], async (_req, actor, { id, performerId }) => {
  const jpeg = await performerThumbnail({ db: db(), actor, uploadId: id, performerId });
  return privateFileResponse(jpeg, "image/jpeg");
});
