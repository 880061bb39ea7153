import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseVerifyCode, verifyCodeFromPayload } from "./verify-code";

describe("verify code", () => {
  it("round-trips every 64-bit payload through a 14-symbol grouped code", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (payload) => {
        const code = verifyCodeFromPayload(payload);
        expect(code).toMatch(/^[0-9A-Z*~$=]{4}-[0-9A-Z*~$=]{4}-[0-9A-Z*~$=]{4}-[0-9A-Z*~$=]{2}$/);
        const parsed = parseVerifyCode(code.toLowerCase().replace(/-/g, " "));
        expect(parsed.ok && Array.from(parsed.payload)).toEqual(Array.from(payload));
      }),
    );
  });

  it("rejects any single mistyped symbol through the check character", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (payload, index, delta) => {
          const symbols = verifyCodeFromPayload(payload).replace(/-/g, "");
          const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
          const typo = alphabet[(alphabet.indexOf(symbols[index]!) + delta) % 32]!;
          const changed = symbols.slice(0, index) + typo + symbols.slice(index + 1);
          expect(parseVerifyCode(changed).ok).toBe(false);
        },
      ),
    );
  });

  it("reads the look-alike letters I, L and O as 1, 1 and 0", () => {
    const code = verifyCodeFromPayload(new Uint8Array(8));
    expect(code.startsWith("0000")).toBe(true);
    expect(parseVerifyCode(code.replace(/0/g, "O")).ok).toBe(true);
  });
});
