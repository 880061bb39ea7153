"use client";

import { fieldId } from "./field-id";
import { useFieldError } from "./use-action-form";

/** The error under a field: `message` if given, else the enclosing form's error for `name`. */
export function FieldError({ name, message }: { name?: string; message?: string }) {
  const error = useFieldError(name, message);
  if (!error) return null;
  return (
    <p id={name ? `${fieldId(name)}-error` : undefined} className="mt-1.5 text-sm text-red-700" role="alert">
      {error}
    </p>
  );
}
