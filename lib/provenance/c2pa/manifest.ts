import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { TRAINED_ALGORITHMIC_MEDIA, TOOL_VERSION } from "../build-manifest";
import { coseReserveSize, coseSign1 } from "./cose";
import type { C2paCredentials } from "./credentials";
import { asBlob, c2paWasm } from "./wasm";

/** The formats a C2PA manifest is embedded in (others are delivered with the JSON manifest only). */
export const C2PA_FORMATS = ["image/jpeg", "image/png", "image/webp", "video/mp4"] as const;
export type C2paFormat = (typeof C2PA_FORMATS)[number];
export const isC2paFormat = (mime: string): mime is C2paFormat => (C2PA_FORMATS as readonly string[]).includes(mime);

/** Label of the Likeness assertion: which license and verify code the file was delivered under. */
export const LICENSE_ASSERTION = "com.likeness.license";

export type C2paLicenseInfo = {
  licenseId: string;
  verifyCode: string;
  /** The invisible watermark's payload (the soft binding), 16 hex digits. */
  payloadHex: string;
  createdAt: Date;
};

function definition(info: C2paLicenseInfo, mime: string) {
  const when = info.createdAt.toISOString();
  const agent = { name: "Likeness", version: TOOL_VERSION.split("/")[1] };
  return {
    claim_generator_info: [agent],
    title: `Likeness output ${info.verifyCode}`,
    format: mime,
    assertions: [
      {
        label: "c2pa.actions.v2",
        data: {
          actions: [
            {
              action: "c2pa.created",
              when,
              softwareAgent: agent,
              digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
              parameters: { "com.likeness.licenseId": info.licenseId },
            },
            {
              action: "c2pa.edited",
              when,
              softwareAgent: agent,
              description: "Disclosure label with the verify code drawn; invisible watermark embedded.",
              parameters: { "com.likeness.licenseId": info.licenseId },
            },
          ],
        },
      },
      {
        label: LICENSE_ASSERTION,
        data: {
          licenseId: info.licenseId,
          verifyCode: info.verifyCode,
          watermark: { alg: "likeness.watermark.v1", payload: info.payloadHex },
        },
      },
    ],
  };
}

/** `bytes` with a signed C2PA manifest (JUMBF, COSE_Sign1 ES256 with the credentials' chain) embedded. */
export async function embedC2pa(bytes: Uint8Array, mime: C2paFormat, info: C2paLicenseInfo, creds: C2paCredentials): Promise<Buffer> {
  const c2pa = c2paWasm();
  const reserveSize = coseReserveSize(creds.chain);
  const signer = {
    alg: "es256",
    reserveSize,
    sign: async (claim: Uint8Array) => new Uint8Array(coseSign1(claim, { privateKey: creds.privateKey, chain: creds.chain }, reserveSize)),
  };
  // verify_after_sign off: the reader checks every file /verify sees, and the tests read each format back.
  const context = JSON.stringify({ verify: { verify_after_sign: false } });
  const builder = c2pa.WasmBuilder.fromJson(JSON.stringify(definition(info, mime)), context);
  try {
    return Buffer.from(await builder.sign(signer, [], mime, asBlob(bytes)));
  } finally {
    builder.free();
  }
}

/** Embeds in place: the file is replaced (via a temp file and rename) by the signed one. */
export async function embedC2paFile(file: string, mime: C2paFormat, info: C2paLicenseInfo, creds: C2paCredentials): Promise<void> {
  const signed = await embedC2pa(await readFile(file), mime, info, creds);
  const tmp = `${file}.c2pa.tmp`;
  try {
    await writeFile(tmp, signed);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
