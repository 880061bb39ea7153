"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";
import { Textarea } from "@/app/_components/textarea";
import { decideRequestAction } from "./actions";

/** Approve or reject with a note; a rejection needs one (the studio reads it). */
export function DecideForm({ requestId }: { requestId: string }) {
  return (
    <ActionForm action={decideRequestAction} announce className="space-y-4">
      <input type="hidden" name="requestId" value={requestId} />
      <Textarea
        name="note"
        label="Note to the studio"
        hint="Required to reject: say why. Optional when you approve."
        rows={3}
        maxLength={2000}
      />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve" pendingLabel="Saving…">
          Approve request
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger" pendingLabel="Saving…">
          Reject request
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
