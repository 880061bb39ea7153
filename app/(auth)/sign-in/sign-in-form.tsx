"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ActionState } from "@/app/_lib/action-result";
import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { FormStateContext } from "@/app/_components/use-action-form";

// next-auth reports a wrong email or password as "CredentialsSignin"; a thrown
// error in authorize (a disabled account) arrives as its own message.
function signInMessage(error: string): string {
  if (error === "CredentialsSignin") return "Email or password is incorrect.";
  if (error === "SessionRequired") return "Sign in to continue.";
  if (/^[A-Z][A-Za-z]+$/.test(error)) return "Sign-in failed. Please try again.";
  return error;
}

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<ActionState>(initialError ? { ok: false, message: signInMessage(initialError), fields: {} } : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const fields: Record<string, string> = {};
    if (!email) fields.email = "Enter your email address";
    if (!password) fields.password = "Enter your password";
    if (Object.keys(fields).length) {
      setState({ ok: false, message: "Enter your email and password.", fields });
      return;
    }
    startTransition(async () => {
      const res = await signIn("credentials", { email, password, redirect: false });
      if (!res || res.error) {
        setState({ ok: false, message: signInMessage(res?.error ?? "CredentialsSignin"), fields: {} });
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    });
  }

  return (
    <FormStateContext value={{ state, pending }}>
      <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
        <FormErrorSummary />
        <TextField name="email" label="Email" type="email" autoComplete="email" required />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" required />
        <SubmitButton className="w-full" pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
    </FormStateContext>
  );
}
