import { PAYLOAD_BYTES } from "./payload-code";

// The human-typable form of a 64-bit payload: Crockford base32 (no I, L, O, U;
// case-insensitive; I/L read as 1 and O as 0), 13 symbols plus Crockford's
// mod-37 check symbol, grouped 4-4-4-2: e.g. "04HM-ASRA-DPQZ-YK". It maps one to
// one onto the payload, so a code finds the same manifest as the watermark.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK_ALPHABET = ALPHABET + "*~$=U";
const DATA_SYMBOLS = 13;

export function verifyCodeFromPayload(payload: Uint8Array): string {
  if (payload.length !== PAYLOAD_BYTES) throw new RangeError(`payload must be ${PAYLOAD_BYTES} bytes`);
  let value = 0n;
  for (const byte of payload) value = (value << 8n) | BigInt(byte);
  const check = CHECK_ALPHABET[Number(value % 37n)]!;
  let symbols = "";
  for (let i = 0; i < DATA_SYMBOLS; i++) {
    symbols = ALPHABET[Number(value & 31n)]! + symbols;
    value >>= 5n;
  }
  const all = symbols + check;
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}-${all.slice(12)}`;
}

export type ParsedVerifyCode = { ok: true; payload: Uint8Array } | { ok: false; error: string };

export function parseVerifyCode(input: string): ParsedVerifyCode {
  const clean = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (clean.length !== DATA_SYMBOLS + 1) {
    return { ok: false, error: `a verify code has ${DATA_SYMBOLS + 1} characters (e.g. 04HM-ASRA-DPQZ-YK), got ${clean.length}` };
  }
  let value = 0n;
  for (const ch of clean.slice(0, DATA_SYMBOLS)) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return { ok: false, error: `"${ch}" is not a verify code character` };
    value = (value << 5n) | BigInt(digit);
  }
  if (value >> 64n !== 0n) return { ok: false, error: "this verify code is out of range: check the first character" };
  if (CHECK_ALPHABET[Number(value % 37n)] !== clean[DATA_SYMBOLS]) {
    return { ok: false, error: "this verify code has a typo: its check character does not match" };
  }
  const payload = new Uint8Array(PAYLOAD_BYTES);
  for (let i = PAYLOAD_BYTES - 1; i >= 0; i--) {
    payload[i] = Number(value & 255n);
    value >>= 8n;
  }
  return { ok: true, payload };
}
