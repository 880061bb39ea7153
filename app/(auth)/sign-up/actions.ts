"use server";

import { runAction, type ActionResult, type ActionState } from "@/app/_lib/action-result";
import { requestMeta } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { requestSignUp } from "@/lib/users/request-sign-up";
import type { TSignUp } from "@/lib/users/types";

/** Creates the account (the same answer when the email already has one); the form then signs in with the same credentials. */
export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const role = String(form.get("role") ?? "");
    await requestSignUp({
      db: db(),
      meta: await requestMeta(),
      input: {
        // signUp validates every field with ZSignUp; the cast only satisfies the compiler.
        role: role as TSignUp["role"],
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        studioName: role === "STUDIO" ? String(form.get("studioName") ?? "") : undefined,
      },
    });
  });
}
