import { notFound } from "next/navigation";
import { textProblem } from "@/lib/validation/text";

// Reading and writing list state (page, cursor, filters) in the URL, so that
// lists are linkable and work without JavaScript.

export type SearchParams = Record<string, string | string[] | undefined>;

/** A value the text rule refuses (NUL, a control character, half an emoji) reads as absent: a list filter is ignored, not a database error. */
const storable = (v: string) => textProblem(v) === null;

/** The first value of a query parameter. */
export function param(params: SearchParams, name: string): string | undefined {
  const v = params[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first !== undefined && storable(first) ? first : undefined;
}

/** Every value of a repeated query parameter (?territory=FR&territory=DE). */
export function params(params: SearchParams, name: string): string[] {
  const v = params[name];
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(storable);
}

/** A 1-based page number; anything invalid is page 1. */
export function pageParam(p: SearchParams, name = "page"): number {
  const n = Number(param(p, name));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** `pathname` with the current query, some keys replaced (undefined removes a key). */
export function hrefWith(pathname: string, current: SearchParams, changes: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(current)) {
    if (k in changes || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `${pathname}?${s}` : pathname;
}

/**
 * A page's path segments ({profileId}, {id}) under the text rule: one with NUL,
 * a control character or half an emoji names nothing, so the page is a 404
 * rather than a database error. (Route handlers check theirs in route().)
 */
export function pathParams<P extends Record<string, string>>(values: P): P {
  for (const v of Object.values(values)) if (!storable(v)) notFound();
  return values;
}
