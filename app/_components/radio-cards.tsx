"use client";

import { cx } from "@/app/_lib/cx";
import { FieldError } from "./field-error";
import { useFieldError, useFieldId } from "./use-action-form";

export type RadioCardOption = { value: string; label: string; description?: string };

type Props = {
  name: string;
  label: string;
  options: readonly RadioCardOption[];
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  error?: string;
  columns?: 2 | 4;
};

/** One choice among a few, each explained (account type, approval mode). */
export function RadioCards({ name, label, options, value, defaultValue, onChange, error, columns = 2 }: Props) {
  const message = useFieldError(name, error);
  const id = useFieldId(name);
  return (
    <fieldset id={id} aria-describedby={message ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-zinc-800">{label}</legend>
      <div className={cx("mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2", columns === 4 && "lg:grid-cols-4")}>
        {options.map((o) => (
          <label
            key={o.value}
            className="relative flex cursor-pointer flex-col rounded-lg border border-zinc-300 bg-white p-3 text-sm shadow-sm hover:border-zinc-400 has-[:checked]:border-accent-500 has-[:checked]:ring-2 has-[:checked]:ring-accent-200"
          >
            <span className="flex items-center gap-2">
              <input
                type="radio"
                name={name}
                value={o.value}
                checked={value === undefined ? undefined : value === o.value}
                defaultChecked={value === undefined ? defaultValue === o.value : undefined}
                onChange={(e) => e.target.checked && onChange?.(o.value)}
                className="size-4 accent-accent-600"
              />
              <span className="font-medium text-zinc-900">{o.label}</span>
            </span>
            {o.description && <span className="mt-1 pl-6 text-zinc-600">{o.description}</span>}
          </label>
        ))}
      </div>
      <FieldError name={name} message={error} />
    </fieldset>
  );
}
