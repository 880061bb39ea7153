"use server";

import { requireActor, requestMeta } from "@/app/_lib/actor";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { runChainCheck } from "@/lib/admin/audit-log";
import type { ChainCheck } from "@/lib/audit/hash-chain";
import { db } from "@/lib/db/client";

export type ChainCheckResult = { check: ChainCheck };

export async function checkAuditChain(_: ActionState<ChainCheckResult>, _form: FormData) {
  return runAction<ChainCheckResult>(async () => {
    const actor = await requireActor(["ADMIN"]);
    return { check: await runChainCheck({ db: db(), actor, meta: await requestMeta() }) };
  });
}
