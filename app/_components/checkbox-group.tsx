"use client";

import { cx } from "@/app/_lib/cx";
import { ChoiceFieldset } from "./choice-fieldset";
import type { ChoiceFieldProps } from "./options";

type Props = ChoiceFieldProps & {
  /** Columns from the small breakpoint up (one column on phones). */
  columns?: 1 | 2 | 3;
};

const COLS = { 1: "", 2: "sm:grid-cols-2", 3: "sm:grid-cols-2 lg:grid-cols-3" } as const;

/** Checkboxes sharing one name: submits every checked value (read with formToObject(form, [name])). */
export function CheckboxGroup({ name, label, options, defaultValue = [], hint, error, required, columns = 2, className }: Props) {
  return (
    <ChoiceFieldset name={name} label={label} hint={hint} error={error} required={required} className={className}>
      {() => (
        <div className={cx("mt-2 grid grid-cols-1 gap-x-4 gap-y-2", COLS[columns])}>
          {options.map((o) => (
            <label key={o.value} className="flex items-start gap-2 text-sm text-zinc-800">
              <input
                type="checkbox"
                name={name}
                value={o.value}
                defaultChecked={defaultValue.includes(o.value)}
                className="mt-0.5 size-4 rounded border-zinc-300 accent-accent-600"
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      )}
    </ChoiceFieldset>
  );
}
