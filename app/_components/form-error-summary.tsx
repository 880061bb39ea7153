"use client";

import { useContext, useEffect, useRef } from "react";
import { fieldId } from "./field-id";
import { FormStateContext } from "./use-action-form";

const humanize = (field: string) =>
  field
    .replace(/\.\d+$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_.]/g, " ")
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/**
 * The form-level outcome: on failure, the message and a list of the fields to
 * fix (each a link to its input), focused so screen readers announce it; on
 * success, `successMessage` or the action's own message.
 */
export function FormErrorSummary({ successMessage }: { successMessage?: string }) {
  const { state, idPrefix } = useContext(FormStateContext);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state && !state.ok) ref.current?.focus();
  }, [state]);
  if (!state) return null;
  if (state.ok) {
    const text = state.message ?? successMessage;
    return text ? (
      <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
        {text}
      </div>
    ) : null;
  }
  const fields = Object.entries(state.fields).filter(([k]) => k !== "_");
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 outline-none">
      <p className="font-medium">{state.message}</p>
      {fields.length > 1 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {fields.map(([field, message]) => (
            <li key={field}>
              <a className="underline underline-offset-2" href={`#${fieldId(field.replace(/\.\d+$/, ""), idPrefix)}`}>
                {humanize(field)}
              </a>
              : {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
