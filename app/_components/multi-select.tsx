"use client";

import { useId, useMemo, useState } from "react";
import { cx } from "@/app/_lib/cx";
import { ChoiceFieldset } from "./choice-fieldset";
import type { ChoiceFieldProps, Option } from "./options";

type Props = ChoiceFieldProps & {
  /** Options shown above the list whatever the filter says (e.g. Worldwide). */
  pinned?: readonly string[];
};

/**
 * A searchable list of many choices (territories, channels). Every option is a
 * real checkbox named `name`, so the form submits the same values with or
 * without JavaScript; the filter only hides rows, and hidden checked boxes
 * still submit. Selected values show as removable chips.
 */
export function MultiSelect({ name, label, options, defaultValue = [], hint, error, required, pinned = [], className }: Props) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set(defaultValue));
  const [query, setQuery] = useState("");
  const searchId = useId();
  const labels = useMemo(() => new Map(options.map((o) => [o.value, o.label])), [options]);
  const ordered = useMemo(
    () => [...options.filter((o) => pinned.includes(o.value)), ...options.filter((o) => !pinned.includes(o.value))],
    [options, pinned],
  );
  const q = query.trim().toLowerCase();
  const matches = (o: Option) => !q || o.label.toLowerCase().includes(q) || o.value.toLowerCase() === q;

  function toggle(value: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(value);
      else next.delete(value);
      return next;
    });
  }

  return (
    <ChoiceFieldset name={name} label={label} hint={hint} error={error} required={required} className={className}>
      {(hasError) => (
        <div className={cx("mt-1.5 rounded-md border bg-white shadow-sm", hasError ? "border-red-400" : "border-zinc-300")}>
          <div className="flex flex-wrap gap-1.5 border-b border-zinc-200 p-2" aria-live="polite">
            {selected.size === 0 && <span className="px-1 text-sm text-zinc-400">None selected</span>}
            {[...selected].map((value) => (
              <button
                key={value}
                type="button"
                onClick={() => toggle(value, false)}
                className="inline-flex items-center gap-1 rounded-full bg-accent-50 px-2 py-0.5 text-xs font-medium text-accent-800 ring-1 ring-inset ring-accent-200 hover:bg-accent-100"
                aria-label={`Remove ${labels.get(value) ?? value}`}
              >
                {labels.get(value) ?? value}
                <span aria-hidden="true">×</span>
              </button>
            ))}
          </div>
          <label htmlFor={searchId} className="sr-only">
            Filter {label.toLowerCase()}
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
            placeholder="Type to filter…"
            className="block w-full border-b border-zinc-200 px-3 py-2 text-sm focus:outline-none"
          />
          <div className="max-h-56 overflow-y-auto p-1">
            {ordered.map((o) => (
              <label
                key={o.value}
                className={cx(
                  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-zinc-50",
                  !matches(o) && "hidden",
                )}
              >
                <input
                  type="checkbox"
                  name={name}
                  value={o.value}
                  checked={selected.has(o.value)}
                  onChange={(e) => toggle(o.value, e.target.checked)}
                  className="size-4 rounded border-zinc-300 accent-accent-600"
                />
                <span className="flex-1">{o.label}</span>
                <span className="text-xs text-zinc-400">{o.value}</span>
              </label>
            ))}
            {ordered.every((o) => !matches(o)) && <p className="px-2 py-1.5 text-sm text-zinc-500">No match for “{query}”.</p>}
          </div>
        </div>
      )}
    </ChoiceFieldset>
  );
}
