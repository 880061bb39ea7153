"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";
import { Textarea } from "@/app/_components/textarea";
import { reviewOutputAction } from "./actions";

/** Approve or reject the rendered output with a note; a rejection needs one (the studio reads it). */
export function ReviewForm({ orderId }: { orderId: string }) {
  return (
    <ActionForm action={reviewOutputAction} announce className="space-y-4">
      <input type="hidden" name="orderId" value={orderId} />
      <Textarea
        name="note"
        label="Note to the studio"
        hint="Required to reject: say what is wrong with the output. Optional when you approve."
        rows={3}
        maxLength={2000}
      />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve" pendingLabel="Saving…">
          Approve output
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger" pendingLabel="Saving…">
          Reject output
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
