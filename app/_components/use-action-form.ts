"use client";

import { createContext, startTransition, useActionState, useContext, useId, useRef, type FormEvent } from "react";
import { fieldId } from "./field-id";
import type { ActionResult, ActionState, ActionSuccess } from "@/app/_lib/action-result";

/**
 * The useActionState pattern for server actions that return ActionResult.
 *
 *   const form = useActionForm(saveOffer, { resetOnSuccess: true });
 *   <FormStateContext value={form}>
 *     <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit}>…</form>
 *   </FormStateContext>
 *
 * <ActionForm> does exactly this; use the hook directly when the form needs
 * to react to success (e.g. sign in after sign-up). Submitting through
 * onSubmit keeps what the user typed when the action fails (React would
 * otherwise reset the form), and the `action` attribute keeps the form working
 * before JavaScript loads.
 */
export type FormAction<T extends object> = (prev: ActionState<T>, form: FormData) => Promise<ActionResult<T>>;

export type ActionFormOptions<T extends object> = {
  onSuccess?: (result: ActionSuccess<T>, form: FormData) => void | Promise<void>;
  resetOnSuccess?: boolean;
};

/** `idPrefix` keeps field ids unique when a page has several forms. */
export type FormStateValue = { state: ActionState<object>; pending: boolean; idPrefix?: string };

/** Read by fields (their errors) and <SubmitButton> (its pending state). */
export const FormStateContext = createContext<FormStateValue>({ state: null, pending: false });

export function useActionForm<T extends object>(action: FormAction<T>, opts: ActionFormOptions<T> = {}) {
  const formRef = useRef<HTMLFormElement>(null);
  const idPrefix = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const [state, formAction, pending] = useActionState<ActionState<T>, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok) {
      await opts.onSuccess?.(result, form);
      if (opts.resetOnSuccess) formRef.current?.reset();
    }
    return result;
  }, null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const form = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(form));
  }

  return { state, pending, formAction, onSubmit, formRef, idPrefix };
}

/** The error for one field: an exact match, or the first error inside it ("territories.2"). */
export function fieldErrorFor(state: ActionState<object>, name: string): string | undefined {
  if (!state || state.ok) return undefined;
  if (state.fields[name]) return state.fields[name];
  const nested = Object.keys(state.fields).find((k) => k.startsWith(`${name}.`));
  return nested ? state.fields[nested] : undefined;
}

/** A field's error: the explicit one if given, else the enclosing form's. */
export function useFieldError(name: string | undefined, explicit?: string): string | undefined {
  const { state } = useContext(FormStateContext);
  return explicit ?? (name ? fieldErrorFor(state, name) : undefined);
}

/** The id for a field's input inside the enclosing form. */
export function useFieldId(name: string): string {
  return fieldId(name, useContext(FormStateContext).idPrefix);
}
