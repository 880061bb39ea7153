/**
 * The id of a field's input, so labels, error summaries and aria links agree.
 * `prefix` is the enclosing form's own id, so two forms on one page (a page
 * form and a confirm dialog, both with "reason") never share an id.
 */
export function fieldId(name: string, prefix = ""): string {
  return `${prefix}field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}
