"use client";

import { ActionForm } from "@/app/_components/action-form";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { endRepresentationAction, inviteTalentAction } from "./actions";

export function InviteTalentForm() {
  return (
    <ActionForm action={inviteTalentAction} resetOnSuccess className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <TextField
          name="email"
          label="Talent's email"
          type="email"
          autoComplete="off"
          hint="The email of their Likeness talent or estate account."
          required
        />
        <TextField
          name="commissionPercent"
          label="Commission (%)"
          type="number"
          min={0}
          max={50}
          step="0.01"
          inputMode="decimal"
          hint="0–50%"
          required
        />
      </div>
      <SubmitButton pendingLabel="Inviting…">Send invitation</SubmitButton>
    </ActionForm>
  );
}

export function EndButton({ representationId, name, pending }: { representationId: string; name: string; pending: boolean }) {
  return (
    <ConfirmDialog
      triggerLabel={pending ? "Cancel invitation" : "End representation"}
      triggerVariant="secondary"
      title={pending ? `Cancel the invitation to ${name}?` : `Stop representing ${name}?`}
      description={
        pending ? (
          <p>The invitation is withdrawn; {name} can no longer accept it.</p>
        ) : (
          <p>
            You lose access to {name}&apos;s profile, offers and requests at once. Their consent, offers and open requests stay as they are;
            they manage them themselves from now on.
          </p>
        )
      }
      confirmLabel={pending ? "Cancel invitation" : "End representation"}
      pendingLabel="Saving…"
      action={endRepresentationAction}
    >
      <input type="hidden" name="representationId" value={representationId} />
    </ConfirmDialog>
  );
}
