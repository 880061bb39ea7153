"use client";

import { useState, type ComponentProps } from "react";
import { Field, inputClass, useFieldAria, type FieldProps } from "./field";

type Props = FieldProps &
  Omit<ComponentProps<"textarea">, "name" | "id" | "className"> & {
    /** Shows a live character count (against minLength when set), e.g. for "at least 40 characters". */
    showCount?: boolean;
  };

/** A labelled <textarea> showing its field error. */
export function Textarea({ name, label, hint, error, required, className, rows = 4, showCount, onInput, ...input }: Props) {
  const { invalid, id, ...aria } = useFieldAria(name, hint, error);
  const [count, setCount] = useState(String(input.defaultValue ?? input.value ?? "").length);
  const min = input.minLength;
  return (
    <Field name={name} label={label} hint={hint} error={error} required={required} className={className}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        className={inputClass(invalid)}
        onInput={(e) => {
          setCount(e.currentTarget.value.length);
          onInput?.(e);
        }}
        {...aria}
        {...input}
      />
      {showCount && (
        <p className={`mt-1 text-right text-xs ${min && count < min ? "text-zinc-500" : "text-emerald-700"}`} aria-live="polite">
          {min ? `${count} / at least ${min} characters` : `${count} characters`}
        </p>
      )}
    </Field>
  );
}
