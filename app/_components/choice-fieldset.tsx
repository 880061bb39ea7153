"use client";

import type { ReactNode } from "react";
import { FieldError } from "./field-error";
import type { ChoiceFieldProps } from "./options";
import { useFieldError, useFieldId } from "./use-action-form";

/**
 * The frame every many-choice field shares: a fieldset named by its legend
 * (with the required mark), the hint, the choices, and the field's error,
 * which the fieldset points to. `children` gets whether there is an error.
 */
export function ChoiceFieldset({
  name,
  label,
  hint,
  error,
  required,
  className,
  children,
}: Pick<ChoiceFieldProps, "name" | "label" | "hint" | "error" | "required" | "className"> & {
  children: (hasError: boolean) => ReactNode;
}) {
  const message = useFieldError(name, error);
  const id = useFieldId(name);
  return (
    <fieldset id={id} className={className} aria-describedby={message ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-zinc-800">
        {label}
        {required && (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        )}
      </legend>
      {hint && <p className="mt-0.5 text-sm text-zinc-500">{hint}</p>}
      {children(Boolean(message))}
      <FieldError name={name} message={error} />
    </fieldset>
  );
}
