"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta, requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { createProfile } from "@/lib/profiles/create-profile";
import { MANAGER_ROLES } from "../_lib/page-data";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
};

/** Creates the profile, then goes straight to its consent document (the next step). */
export async function createProfileAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  let profileId = "";
  const result = await runAction(async () => {
    const actor = await requireActor(MANAGER_ROLES);
    const profile = await createProfile({
      db: db(),
      actor,
      meta: await requestMeta(),
      input: {
        displayName: String(form.get("displayName") ?? ""),
        bio: String(form.get("bio") ?? ""),
        principalUserId: text(form, "principalUserId"),
        diedOn: text(form, "diedOn"),
      },
    });
    profileId = profile.id;
  });
  if (result.ok) redirect(`/likeness/${profileId}/consent`);
  return result;
}
