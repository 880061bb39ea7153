"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";
import { setAccountDisabledAction } from "./actions";

/** Disable (or enable again) one account from its row. */
export function AccountStatusForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  return (
    <ActionForm action={setAccountDisabledAction} className="space-y-2" aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <SubmitButton variant={disabled ? "secondary" : "danger"} size="sm" pendingLabel={disabled ? "Enabling…" : "Disabling…"}>
        {disabled ? "Enable" : "Disable"}
      </SubmitButton>
    </ActionForm>
  );
}
