"use client";

import type { ComponentProps } from "react";
import { Field, inputClass, useFieldAria, type FieldProps } from "./field";

type Props = FieldProps & Omit<ComponentProps<"input">, "name" | "id" | "className">;

/** A labelled <input> (text, email, password, number, date…) showing its field error. */
export function TextField({ name, label, hint, error, required, className, type = "text", ...input }: Props) {
  const { invalid, id, ...aria } = useFieldAria(name, hint, error);
  return (
    <Field name={name} label={label} hint={hint} error={error} required={required} className={className}>
      <input id={id} name={name} type={type} required={required} className={inputClass(invalid)} {...aria} {...input} />
    </Field>
  );
}
