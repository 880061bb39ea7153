"use client";

import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { SubmitButton } from "@/app/_components/submit-button";
import { FormStateContext, useActionForm } from "@/app/_components/use-action-form";
import { requestDownloadLink } from "./actions";

/** Asks for a fresh signed link and opens it: the file arrives as an attachment, so the page stays. */
export function DownloadButton({ outputId }: { outputId: string }) {
  const form = useActionForm(requestDownloadLink, {
    onSuccess: (result) => {
      window.location.assign(result.path);
    },
  });
  return (
    <FormStateContext value={form}>
      <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} aria-label="Download the output" className="space-y-3">
        <input type="hidden" name="outputId" value={outputId} />
        <FormErrorSummary />
        <SubmitButton pendingLabel="Preparing the link…">Download</SubmitButton>
      </form>
    </FormStateContext>
  );
}
