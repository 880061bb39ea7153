"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { RadioCards, type RadioCardOption } from "@/app/_components/radio-cards";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { FormStateContext, useActionForm } from "@/app/_components/use-action-form";
import { signUpAction } from "./actions";

const ROLES: RadioCardOption[] = [
  { value: "TALENT", label: "Talent", description: "License your own face and decide every use." },
  { value: "AGENT", label: "Agent", description: "Manage licensing for the talent you represent." },
  { value: "ESTATE", label: "Estate", description: "Consent and approve for a talent who has died." },
  { value: "STUDIO", label: "Studio", description: "Order licensed face swaps for productions." },
];

export function SignUpForm({ defaultRole }: { defaultRole?: string }) {
  const router = useRouter();
  const [role, setRole] = useState(ROLES.some((r) => r.value === defaultRole) ? defaultRole! : "");
  const [signInError, setSignInError] = useState<string | null>(null);
  const form = useActionForm(signUpAction, {
    // The account exists now; signing in with what was just typed saves a second form.
    async onSuccess(_result, data) {
      const res = await signIn("credentials", {
        email: String(data.get("email") ?? ""),
        password: String(data.get("password") ?? ""),
        redirect: false,
      });
      if (!res || res.error) {
        // Sign-up answers the same for an email that already has an account; then only its own password signs in.
        setSignInError(
          "We could not sign you in with that email and password. If you already have an account with this email, sign in with its password.",
        );
        return;
      }
      router.replace("/dashboard");
      router.refresh();
    },
  });

  return (
    <FormStateContext value={form}>
      <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} noValidate className="space-y-5">
        <FormErrorSummary successMessage={signInError ?? "Account created. Signing you in…"} />
        <RadioCards name="role" label="I am signing up as" options={ROLES} value={role} onChange={setRole} />
        <TextField
          name="name"
          label={role === "ESTATE" ? "Your name (the estate's representative)" : "Full name"}
          autoComplete="name"
          required
        />
        {role === "STUDIO" && <TextField name="studioName" label="Studio name" autoComplete="organization" required />}
        <TextField name="email" label="Email" type="email" autoComplete="email" required />
        <TextField name="password" label="Password" type="password" autoComplete="new-password" hint="At least 10 characters." required />
        <SubmitButton className="w-full" pendingLabel="Creating account…">
          Create account
        </SubmitButton>
      </form>
    </FormStateContext>
  );
}
