"use client";

import type { ReactNode } from "react";
import { FieldError } from "./field-error";
import { useFieldError, useFieldId } from "./use-action-form";

export type FieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  /** Overrides the error the enclosing form reports for this field. */
  error?: string;
  required?: boolean;
  className?: string;
};

/** Label, hint and error around one input; used by every field component. */
export function Field({ name, label, hint, error, required, className, children }: FieldProps & { children: ReactNode }) {
  const id = useFieldId(name);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
        {required && (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-zinc-500">
          {hint}
        </p>
      )}
      <div className="mt-1.5">{children}</div>
      <FieldError name={name} message={error} />
    </div>
  );
}

/** aria attributes that tie an input to its hint and error. */
export function useFieldAria(name: string, hint: unknown, explicitError?: string) {
  const error = useFieldError(name, explicitError);
  const id = useFieldId(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, invalid: Boolean(error), "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
}

export const inputClass = (invalid: boolean) =>
  [
    "block w-full rounded-md border bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400",
    "focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-200 disabled:bg-zinc-100 disabled:text-zinc-500",
    invalid ? "border-red-400" : "border-zinc-300",
  ].join(" ");
