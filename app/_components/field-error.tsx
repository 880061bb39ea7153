"use client";

import { useFieldError, useFieldId } from "./use-action-form";

/** The error under a field: `message` if given, else the enclosing form's error for `name`. */
export function FieldError({ name, message }: { name?: string; message?: string }) {
  const error = useFieldError(name, message);
  const id = useFieldId(name ?? "");
  if (!error) return null;
  return (
    <p id={name ? `${id}-error` : undefined} className="mt-1.5 text-sm text-red-700" role="alert">
      {error}
    </p>
  );
}
