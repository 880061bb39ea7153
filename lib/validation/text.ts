import { z } from "zod";

// The one rule for text a person or a client sends us (form fields, JSON
// bodies, query strings, path segments, upload file names). PostgreSQL refuses
// NUL in text (the request used to end in a 500), a lone surrogate is not
// text at all (it cannot be encoded as UTF-8), and control characters are
// invisible in every place the text is shown later. So: NFC first (the same
// name typed on two keyboards is stored once), then refuse what cannot be
// stored or shown, and count length in code points, as a person counts
// characters, never cutting an emoji in half.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 control characters and DEL; NUL included. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, less tab and line feed (carriage returns are folded into line feeds first). */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** True when every surrogate in `s` is half of a pair (String.prototype.isWellFormed, ES2024). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** The length a person counts: code points, so an emoji is one, not two. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The first `max` code points of `s`: a surrogate pair is kept whole or left out, never split. */
export function cutCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  let units = 0;
  for (let n = 0; n < max && units < s.length; n++) {
    const c = s.charCodeAt(units);
    const pair = c >= 0xd800 && c <= 0xdbff && units + 1 < s.length && (s.charCodeAt(units + 1) & 0xfc00) === 0xdc00;
    units += pair ? 2 : 1;
  }
  return s.slice(0, units);
}

const describeChar = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Why `s` cannot be stored as text, or null when it can. `s` should already be
 * NFC; multi-line text may hold tab and line feed.
 */
export function textProblem(s: string, opts: { multiline?: boolean } = {}): string | null {
  if (!isWellFormed(s)) return "Contains a broken character (half of an emoji or symbol); type it again.";
  const control = (opts.multiline ? CONTROL_MULTILINE : CONTROL).exec(s);
  if (control) {
    const which = control[0] === "\0" ? "a NUL character" : `an invisible control character (${describeChar(control[0])})`;
    return `Contains ${which}; remove it.`;
  }
  return null;
}

export type TextOptions = {
  /** The most code points allowed (after trimming). */
  max: number;
  /** The fewest code points required (after trimming); default 0. */
  min?: number;
  /** Tab and line breaks allowed (a textarea); CRLF and CR become LF. */
  multiline?: boolean;
  /** Leading and trailing white space removed (default true); passwords keep theirs. */
  trim?: boolean;
  tooShort?: string;
  tooLong?: string;
};

const plural = (n: number) => `${n.toLocaleString("en-US")} character${n === 1 ? "" : "s"}`;

/**
 * A zod string under the text rule. It is a ZodString, so `.toLowerCase()`,
 * `.email()`, `.regex()`, `.optional()` and `.default()` chain as usual; use
 * `min`/`max` here rather than ZodString's, which count UTF-16 units.
 *
 *   title: text({ min: 3, max: 120, tooShort: "Give the offer a title" }),
 *   bio: text({ max: 2000, multiline: true }).default(""),
 */
export function text(opts: TextOptions): z.ZodString {
  const { max, min = 0, multiline = false, trim = true } = opts;
  const tooLong = opts.tooLong ?? `Use at most ${plural(max)}`;
  const tooShort = opts.tooShort ?? (min <= 1 ? "Fill in this field" : `Use at least ${plural(min)}`);
  let schema = z
    .string()
    // A string far over the limit is refused before any work proportional to it.
    .refine((v) => v.length <= max * 4 + 64, { message: tooLong, abort: true })
    .overwrite((v) => v.normalize("NFC"));
  if (multiline) schema = schema.overwrite((v) => v.replace(/\r\n?/g, "\n"));
  if (trim) schema = schema.trim();
  return schema.superRefine((v, ctx) => {
    const problem = textProblem(v, { multiline });
    if (problem) return ctx.addIssue({ code: "custom", message: problem });
    const length = codePointLength(v);
    if (length > max) ctx.addIssue({ code: "custom", message: tooLong });
    else if (length < min) ctx.addIssue({ code: "custom", message: tooShort });
  });
}

/**
 * A record id sent by a client (a path segment, a hidden field, a JSON
 * property): text under the rule, short, never blank. Ids are cuids or
 * similar; the lookup decides whether it exists.
 */
export function recordId(required = "Choose one"): z.ZodString {
  return text({ min: 1, max: 100, tooShort: required, tooLong: "This id is too long to be one of ours" });
}

/**
 * An uploaded file's name as we keep it: never refused (the bytes matter, not
 * the name), but made storable: NFC, lone surrogates replaced, control
 * characters, bidi overrides and path separators dropped, cut at `max` code points keeping
 * the extension where it fits.
 */
export function cleanFileName(name: string, max = 200): string {
  const cleaned = name
    .normalize("NFC")
    .replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD")
    .replace(new RegExp(CONTROL.source, "g"), "")
    // Bidi overrides and isolates make "photo\u202Egpj.exe" read as "photoexe.jpg" wherever the name is shown.
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, "")
    .replace(/[/\\]/g, "_")
    .trim();
  if (cleaned === "") return "upload";
  if (codePointLength(cleaned) <= max) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 ? cleaned.slice(dot) : "";
  const extLength = codePointLength(ext);
  if (extLength > 0 && extLength <= 16) return cutCodePoints(cleaned.slice(0, dot), max - extLength) + ext;
  return cutCodePoints(cleaned, max);
}
