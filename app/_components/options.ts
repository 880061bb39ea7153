// Options for selects, checkbox groups and multi-selects. Kept out of the
// "use client" field files so server pages can call optionsFrom.
export type Option = { value: string; label: string };

/** The props every many-choice field (checkbox group, multi-select) shares. */
export type ChoiceFieldProps = {
  name: string;
  label: string;
  options: readonly Option[];
  defaultValue?: readonly string[];
  hint?: string;
  error?: string;
  required?: boolean;
  className?: string;
};

/** Options from a closed vocabulary and its labels (USE_CATEGORIES + USE_CATEGORY_LABELS). */
export function optionsFrom<V extends string>(values: readonly V[], labels: Record<V, string>): Option[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
