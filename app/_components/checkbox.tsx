"use client";

import type { ComponentProps, ReactNode } from "react";
import { FieldError } from "./field-error";
import { useFieldId } from "./use-action-form";

type Props = Omit<ComponentProps<"input">, "type" | "name" | "id"> & { name: string; label: ReactNode; hint?: ReactNode; error?: string };

/** One labelled checkbox (an agreement, "also destroy my biometric data"); submits value "on" when checked. */
export function Checkbox({ name, label, hint, error, className, ...input }: Props) {
  const id = useFieldId(name);
  return (
    <div className={className}>
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-zinc-800">
        <input id={id} type="checkbox" name={name} className="mt-0.5 size-4 rounded border-zinc-300 accent-accent-600" {...input} />
        <span>
          {label}
          {hint && <span className="block text-zinc-500">{hint}</span>}
        </span>
      </label>
      <FieldError name={name} message={error} />
    </div>
  );
}
