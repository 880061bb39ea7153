import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanFileName, codePointLength, cutCodePoints, isWellFormed, recordId, text } from "./text";

const EMOJI = "\u{1F600}"; // two UTF-16 units

describe("text()", () => {
  const title = text({ min: 3, max: 5, tooShort: "Give it a title" });
  const bio = text({ max: 20, multiline: true });

  it("normalises to NFC and trims", () => {
    expect(title.parse("  Cafe\u0301 ")).toBe("Caf\u00e9");
  });

  it("counts code points, so an emoji is one character", () => {
    expect(title.parse(`ab${EMOJI}${EMOJI}c`)).toBe(`ab${EMOJI}${EMOJI}c`);
    expect(title.safeParse(`abc${EMOJI}${EMOJI}${EMOJI}`).success).toBe(false);
    expect(title.safeParse("ab").error?.issues[0]?.message).toBe("Give it a title");
  });

  it("refuses NUL, control characters and lone surrogates with a message a person understands", () => {
    expect(title.safeParse("ab\0c").error?.issues[0]?.message).toMatch(/NUL/);
    expect(title.safeParse("ab\u0007c").error?.issues[0]?.message).toMatch(/U\+0007/);
    expect(title.safeParse("ab\uD83Dc").error?.issues[0]?.message).toMatch(/broken character/);
    expect(title.safeParse("ab\uDE00c").success).toBe(false);
    expect(title.safeParse("ab\nc").success).toBe(false);
  });

  it("keeps tab and line breaks in multi-line text, with CRLF folded", () => {
    expect(bio.parse("one\r\ntwo\tthree\rfour")).toBe("one\ntwo\tthree\nfour");
    expect(bio.safeParse("one\u000btwo").success).toBe(false);
  });

  it("refuses a huge string before normalising it", () => {
    expect(bio.safeParse("x".repeat(5_000_000)).error?.issues[0]?.message).toBe("Use at most 20 characters");
  });

  it("chains like any zod string", () => {
    const email = text({ max: 254 }).toLowerCase().email("Enter a valid email address");
    expect(email.parse(" A@Example.TEST ")).toBe("a@example.test");
    expect(email.safeParse("a\0@example.test").success).toBe(false);
    expect(recordId("Choose an offer").safeParse("").error?.issues[0]?.message).toBe("Choose an offer");
  });

  it("whatever comes in, the output is well-formed NFC text without controls, within its length", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const r = bio.safeParse(s);
        if (!r.success) return;
        expect(isWellFormed(r.data)).toBe(true);
        expect(r.data.normalize("NFC")).toBe(r.data);
        expect(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(r.data)).toBe(false);
        expect(codePointLength(r.data)).toBeLessThanOrEqual(20);
      }),
    );
  });
});

describe("cutCodePoints / cleanFileName", () => {
  it("never splits a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), fc.nat(60), (s, n) => {
        const cut = cutCodePoints(s, n);
        expect(isWellFormed(cut)).toBe(true);
        expect(s.startsWith(cut)).toBe(true);
        expect(codePointLength(cut)).toBe(Math.min(n, codePointLength(s)));
      }),
    );
  });

  it("keeps a file name storable, cut at 200 code points with its extension", () => {
    const name = `${"a".repeat(199)}${EMOJI}${EMOJI}.jpg`;
    const cleaned = cleanFileName(name);
    expect(isWellFormed(cleaned)).toBe(true);
    expect(codePointLength(cleaned)).toBe(200);
    expect(cleaned.endsWith(".jpg")).toBe(true);
    expect(cleanFileName("a\0b\uD800/c.png")).toBe("ab\uFFFD_c.png");
    expect(cleanFileName("\u0001 ")).toBe("upload");
    expect(cleanFileName("photo\u202Egpj.exe")).toBe("photogpj.exe");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (s) => {
        const c = cleanFileName(s);
        expect(isWellFormed(c)).toBe(true);
        expect(codePointLength(c)).toBeLessThanOrEqual(200);
        expect(c.includes("\0")).toBe(false);
      }),
    );
  });
});
