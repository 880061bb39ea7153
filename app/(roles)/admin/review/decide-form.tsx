"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SubmitButton } from "@/app/_components/submit-button";
import { Textarea } from "@/app/_components/textarea";
import { decideReviewItemAction } from "./actions";

/** Approve or reject one review item with a reason (required to reject: the other party reads it). */
export function ReviewDecideForm({ kind, id, subject }: { kind: string; id: string; subject: string }) {
  return (
    <ActionForm action={decideReviewItemAction} announce className="space-y-3" aria-label={`Decision on ${subject}`}>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <Textarea
        name="reason"
        label="Reason"
        hint="Required to reject: the estate, talent or profile owner reads it. Optional when you approve."
        rows={2}
        maxLength={1000}
      />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve" pendingLabel="Saving…">
          Approve
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger" pendingLabel="Saving…">
          Reject
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
