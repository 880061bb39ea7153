"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";
import { finishTestOnboardingAction } from "./actions";

export function FinishOnboardingForm({ accountId }: { accountId: string }) {
  return (
    <ActionForm action={finishTestOnboardingAction} className="space-y-3">
      <input type="hidden" name="accountId" value={accountId} />
      <SubmitButton pendingLabel="Finishing…">Finish onboarding</SubmitButton>
    </ActionForm>
  );
}
