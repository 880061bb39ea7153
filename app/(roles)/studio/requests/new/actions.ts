"use server";

import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { formToObject } from "@/app/_lib/form-data";
import { db } from "@/lib/db/client";
import type { PolicyReason } from "@/lib/licensing/policy";
import { createRequest } from "@/lib/requests/create-request";
import type { TCreateRequest } from "@/lib/requests/types";

export type CreatedRequest = { requestId: string; status: string; reasons: PolicyReason[] };

const ARRAYS = ["contentDeclarations", "topics", "territories", "channels"] as const;

/** Creates and submits the request; the policy engine's decision comes back at once. */
export async function submitSwapRequest(_: ActionState<CreatedRequest>, form: FormData) {
  return runAction<CreatedRequest>(async () => {
    const actor = await requireActor(["STUDIO"]);
    const input = formToObject(form, ARRAYS) as unknown as TCreateRequest;
    const { request, decision } = await createRequest({ db: db(), actor, meta: await requestMeta(), input });
    return { requestId: request.id, status: request.status, reasons: decision?.reasons ?? [] };
  });
}
