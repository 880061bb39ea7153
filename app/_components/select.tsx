"use client";

import type { ComponentProps } from "react";
import { Field, inputClass, useFieldAria, type FieldProps } from "./field";
import type { Option } from "./options";

type Props = FieldProps &
  Omit<ComponentProps<"select">, "name" | "id" | "className" | "children"> & {
    options: readonly Option[];
    /** First, empty choice ("Choose…"); submitted as "". */
    placeholder?: string;
  };

/** A labelled native <select> showing its field error. */
export function Select({ name, label, hint, error, required, className, options, placeholder, ...select }: Props) {
  const { invalid, id, ...aria } = useFieldAria(name, hint, error);
  return (
    <Field name={name} label={label} hint={hint} error={error} required={required} className={className}>
      <select id={id} name={name} required={required} className={inputClass(invalid)} {...aria} {...select}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
