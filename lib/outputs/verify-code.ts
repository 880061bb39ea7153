import type { Db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { PlatformKey } from "@/lib/provenance";
import { parseVerifyCode, payloadToHex, verifyCodeFromPayload } from "@/lib/watermark";
import type { VerifyResult } from "./types";
import { answerFromRegistry } from "./verification-lookup";

/**
 * Public verification of a pasted verify code (as printed in the disclosure):
 * the code maps one to one onto the watermark payload, so it finds the same
 * registry record a watermarked file would. A typo is caught by the code's
 * check character and answered as a 422 naming `field`.
 */
export async function verifyCode(opts: { db: Db; code: unknown; field?: string; now?: Date; key?: PlatformKey }): Promise<VerifyResult> {
  const field = opts.field ?? "code";
  if (typeof opts.code !== "string" || opts.code.trim() === "") {
    throw invalid(field, "Enter the verify code printed on the file, e.g. 04HM-ASRA-DPQZ-YK.");
  }
  if (opts.code.length > 64) throw invalid(field, "A verify code has 14 characters, e.g. 04HM-ASRA-DPQZ-YK.");
  const parsed = parseVerifyCode(opts.code);
  if (!parsed.ok) throw invalid(field, `${parsed.error[0]!.toUpperCase()}${parsed.error.slice(1)}.`);
  const payloadHex = payloadToHex(parsed.payload);
  return answerFromRegistry({
    db: opts.db,
    now: opts.now ?? new Date(),
    key: opts.key,
    input: { kind: "code", code: verifyCodeFromPayload(parsed.payload) },
    watermark: null,
    codePayload: payloadHex,
    contentCredentials: null,
  });
}
