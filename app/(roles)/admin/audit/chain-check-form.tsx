"use client";

import { Notice } from "@/app/_components/notice";
import { SubmitButton } from "@/app/_components/submit-button";
import { FormStateContext, useActionForm } from "@/app/_components/use-action-form";
import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { checkAuditChain } from "./actions";

/** Runs the chain check and shows its verdict, with every problem it found. */
export function ChainCheckForm() {
  const form = useActionForm(checkAuditChain);
  const result = form.state?.ok ? form.state.check : null;
  return (
    <FormStateContext value={form}>
      <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} className="space-y-4">
        <FormErrorSummary />
        <SubmitButton pendingLabel="Checking the chain…">Run chain check</SubmitButton>
        {result && result.ok && (
          <Notice tone="success" title="Chain intact">
            All {result.eventCount.toLocaleString("en")} events match their hashes and link in order
            {result.head ? ` up to event ${result.head.seq} (${result.head.hash.slice(0, 16)}…)` : ""}. The head was recorded as an anchor
            signed with the platform key (in the database, the anchor file and the public list at /api/v1/audit-anchors), so a later
            truncation will be detected.
          </Notice>
        )}
        {result && !result.ok && (
          <Notice tone="danger" title={`Chain broken: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} found`}>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {result.problems.slice(0, 50).map((p, i) => (
                <li key={i}>{p.detail}</li>
              ))}
            </ul>
            {result.problems.length > 50 && <p className="mt-2">…and {result.problems.length - 50} more.</p>}
          </Notice>
        )}
      </form>
    </FormStateContext>
  );
}
