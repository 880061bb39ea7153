import { ZChoosePerformer } from "@/lib/api/types";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { choosePerformer } from "@/lib/requests/choose-performer";
import { readJson } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { apiRoute } from "../../../_lib/api-route";

/** POST /api/v1/requests/{id}/performer — choose whose face in the footage is replaced (409 once the render started or the request closed). */
export const POST = apiRoute<{ id: string }>(async (req, actor, { id }) => {
  const { performerId } = parseInput(ZChoosePerformer, await readJson(req));
  return choosePerformer({ db: db(), actor, meta: metaFromRequest(req), requestId: id, performerId });
});
