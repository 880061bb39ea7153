/** The id of a field's input, so labels, error summaries and aria links agree. */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}
