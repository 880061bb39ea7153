import { z } from "zod";
import { parseInput } from "@/lib/errors";
import { recordId } from "@/lib/validation/text";

// Turns a submitted form into the plain object that lib's Zod schemas parse.
// Fields named in `arrays` (checkbox groups, multi-selects) always become
// arrays, even with zero or one value; other repeated names keep their last
// value. Next's own "$ACTION_" fields are dropped.
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of arrays) out[name] = form.getAll(name);
  for (const [name, value] of form.entries()) {
    if (name.startsWith("$ACTION_") || arrays.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * A record id sent in a form field (a hidden input, the button pressed), under
 * the text rule: a missing, blank, over-long or unstorable one (NUL, a broken
 * character) is a VALIDATION error naming the field, never a database error.
 */
export function formId(form: FormData, name: string): string {
  const schema = z.object({ [name]: recordId() });
  return parseInput(schema, { [name]: form.get(name) ?? "" })[name] as string;
}
