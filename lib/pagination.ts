import { z } from "zod";
import { recordId } from "@/lib/validation/text";

// Cursor pagination over a unique id: ask for one more than the page to know
// whether another page exists.

export const ZPage = z.object({
  cursor: recordId().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TPage = z.input<typeof ZPage>;

export type Page<T> = { items: T[]; nextCursor: string | null };

export function pageArgs(page: z.output<typeof ZPage>) {
  return {
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  };
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}
