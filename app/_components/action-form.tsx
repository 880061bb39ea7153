"use client";

import type { ComponentProps } from "react";
import { FormErrorSummary } from "./form-error-summary";
import { useToast } from "./toaster";
import { FormStateContext, useActionForm, type FormAction } from "./use-action-form";

type Props<T extends object> = Omit<ComponentProps<"form">, "action" | "onSubmit"> & {
  action: FormAction<T>;
  /** Shown after a successful submission when the action returns no message. */
  successMessage?: string;
  resetOnSuccess?: boolean;
  /** Where the error/success summary goes; "none" when the page shows it itself. */
  summary?: "top" | "none";
  /** Also show the success message page-wide: for forms that disappear once their action succeeds. */
  announce?: boolean;
};

/**
 * A form bound to a server action that returns ActionResult (see runAction).
 * Fields inside show their own errors by name; <SubmitButton> shows pending.
 *
 *   <ActionForm action={saveOffer} successMessage="Offer published.">
 *     <TextField name="title" label="Title" required />
 *     <SubmitButton pendingLabel="Publishing…">Publish</SubmitButton>
 *   </ActionForm>
 */
export function ActionForm<T extends object>({
  action,
  successMessage,
  resetOnSuccess,
  summary = "top",
  announce = false,
  children,
  className,
  ...rest
}: Props<T>) {
  const toast = useToast();
  const form = useActionForm(action, {
    resetOnSuccess,
    onSuccess: (result) => {
      const message = result.message ?? successMessage;
      if (announce && message) toast(message);
    },
  });
  return (
    <FormStateContext value={form}>
      <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} noValidate className={className ?? "space-y-5"} {...rest}>
        {summary === "top" && <FormErrorSummary successMessage={successMessage} />}
        {children}
      </form>
    </FormStateContext>
  );
}
