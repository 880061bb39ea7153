"use client";

import { useId, useRef, type ReactNode } from "react";
import { Button } from "./button";
import type { ButtonVariant } from "./button-styles";
import { FormErrorSummary } from "./form-error-summary";
import { SubmitButton } from "./submit-button";
import { useToast } from "./toaster";
import { FormStateContext, useActionForm, type FormAction } from "./use-action-form";

type Props<T extends object> = {
  /** Label of the button that opens the dialog. */
  triggerLabel: string;
  triggerVariant?: ButtonVariant;
  title: string;
  /** What will happen, in plain words (what stops, what is destroyed, whether it can be undone). */
  description: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  action: FormAction<T>;
  /** Extra fields and hidden inputs submitted with the confirmation (a reason, an id). */
  children?: ReactNode;
  tone?: "danger" | "primary";
};

/**
 * Asks before a destructive action (revoking consent or an offer, withdrawing a
 * request). The confirmation is a form bound to a server action; the dialog
 * closes on success and stays open with errors otherwise.
 */
export function ConfirmDialog<T extends object>({
  triggerLabel,
  triggerVariant = "danger",
  title,
  description,
  confirmLabel,
  pendingLabel,
  action,
  children,
  tone = "danger",
}: Props<T>) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const toast = useToast();
  const form = useActionForm(action, {
    onSuccess: (result) => {
      dialog.current?.close();
      // The dialog (and the row it sits in) may vanish when the page refreshes; say what happened page-wide.
      if (result.message) toast(result.message);
    },
    resetOnSuccess: true,
  });
  return (
    <>
      <Button variant={triggerVariant} onClick={() => dialog.current?.showModal()}>
        {triggerLabel}
      </Button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg bg-white p-0 shadow-xl">
        <FormStateContext value={form}>
          <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} noValidate className="space-y-4 p-6">
            <h2 id={titleId} className="text-lg font-semibold text-zinc-900">
              {title}
            </h2>
            <div className="text-sm text-zinc-700">{description}</div>
            <FormErrorSummary />
            {children}
            <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={() => dialog.current?.close()}>
                Cancel
              </Button>
              <SubmitButton variant={tone === "danger" ? "danger" : "primary"} pendingLabel={pendingLabel}>
                {confirmLabel}
              </SubmitButton>
            </div>
          </form>
        </FormStateContext>
      </dialog>
    </>
  );
}
