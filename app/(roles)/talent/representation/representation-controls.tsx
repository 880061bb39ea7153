"use client";

import { ActionForm } from "@/app/_components/action-form";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { SubmitButton } from "@/app/_components/submit-button";
import { endRepresentationAction, respondAction } from "./actions";

export function RespondButtons({ representationId, agentName }: { representationId: string; agentName: string }) {
  return (
    <ActionForm action={respondAction} className="space-y-2" aria-label={`Invitation from ${agentName}`}>
      <input type="hidden" name="representationId" value={representationId} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="answer" value="accept" size="sm" pendingLabel="Saving…">
          Accept
        </SubmitButton>
        <SubmitButton name="answer" value="decline" variant="secondary" size="sm" pendingLabel="Saving…">
          Decline
        </SubmitButton>
      </div>
    </ActionForm>
  );
}

export function EndRepresentationButton({ representationId, agentName }: { representationId: string; agentName: string }) {
  return (
    <ConfirmDialog
      triggerLabel="End representation"
      triggerVariant="secondary"
      title={`End representation by ${agentName}?`}
      description={
        <p>
          {agentName} loses access at once: they can no longer see or manage your profile, offers or requests, nor decide on requests for
          you. Decisions they already made stay on record. To work together again, they must invite you again.
        </p>
      }
      confirmLabel="End representation"
      pendingLabel="Ending…"
      action={endRepresentationAction}
    >
      <input type="hidden" name="representationId" value={representationId} />
    </ConfirmDialog>
  );
}
