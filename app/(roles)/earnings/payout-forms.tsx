"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";
import { refreshPayoutAccountAction, startPayoutOnboardingAction } from "./actions";

/** "Set up payouts" (or continue a setup left unfinished): goes to the provider's onboarding. */
export function SetUpPayoutsForm({ label }: { label: string }) {
  return (
    <ActionForm action={startPayoutOnboardingAction} className="space-y-3">
      <SubmitButton pendingLabel="Opening the setup…">{label}</SubmitButton>
    </ActionForm>
  );
}

/** Asks the provider again whether the account can receive payouts. */
export function CheckPayoutsForm() {
  return (
    <ActionForm action={refreshPayoutAccountAction} className="space-y-3">
      <SubmitButton variant="secondary" pendingLabel="Checking…">
        Check payout status
      </SubmitButton>
    </ActionForm>
  );
}
