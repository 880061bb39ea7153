import { requireSessionActor } from "@/app/_lib/actor";
import { readJson, route } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { setAccountDisabled, type TSetAccountDisabled } from "@/lib/admin/set-account-disabled";
import { db } from "@/lib/db/client";

// PATCH {"disabled": true, "reason": "..."} disables an account, {"disabled": false}
// enables it again (admins, with their session). Answers {id, email, disabledAt}.
export const PATCH = route<{ userId: string }>(async (req, ctx) => {
  const actor = await requireSessionActor(["ADMIN"]);
  const { userId } = await ctx.params;
  const body = await readJson(req);
  // setAccountDisabled validates every field with ZSetAccountDisabled; the cast only satisfies the compiler.
  const input = { ...(body && typeof body === "object" ? body : {}), userId } as TSetAccountDisabled;
  return setAccountDisabled({ db: db(), actor, meta: metaFromRequest(req), input });
});
