import { LICENSE_ASSERTION, type C2paFormat } from "./manifest";
import { c2paWasm } from "./wasm";

/** What /verify shows of a file's embedded C2PA manifest, as read and validated by the C2PA library. */
export type C2paSummary = {
  /** The library's verdict: Trusted (valid, signer chains to a trust anchor), Valid (valid, signer not trusted), Invalid. */
  state: "Trusted" | "Valid" | "Invalid";
  /** The COSE signature over the claim holds (and the signing certificate is well formed). */
  signatureValid: boolean;
  /** The hard binding (the hash of the file's bytes outside the manifest) matches: the file was not edited. */
  hardBindingValid: boolean;
  /** The signer's certificate chains to one of the trust anchors /verify was given. */
  trusted: boolean;
  issuer: string | null;
  commonName: string | null;
  claimGenerator: string | null;
  /** The Likeness license assertion, when the manifest has one. */
  license: { licenseId: string; verifyCode: string; watermarkPayload: string | null } | null;
  /** Validation failures as C2PA status codes with the library's explanation. */
  failures: Array<{ code: string; explanation: string }>;
};

type Status = { code: string; explanation?: string };
type Store = {
  active_manifest?: string;
  validation_state?: string;
  validation_results?: { activeManifest?: { failure?: Status[] } };
  validation_status?: Status[];
  manifests?: Record<
    string,
    {
      claim_generator_info?: Array<{ name?: string; version?: string }>;
      claim_generator?: string;
      signature_info?: { issuer?: string; common_name?: string };
      assertions?: Array<{ label: string; data: unknown }>;
    }
  >;
};

const HARD_BINDING = /^assertion\.(dataHash|bmffHash|boxesHash|collectionHash)\./;
const SIGNATURE = /^(claimSignature\.(mismatch|missing)|signingCredential\.(invalid|revoked|expired)|timeStamp\.mismatch)/;

function isNotFound(e: unknown): boolean {
  const text = String((e as Error)?.message ?? e);
  // What the library answers for a file with no manifest, C2pa(JumbfNotFound), or one it cannot
  // parse as the format at all (IoError: a truncated file); both answer "no manifest", not "forged".
  return /\b(JumbfNotFound|JumbfBoxNotFound|ProvenanceMissing|IoError)\b/.test(text);
}

/**
 * Reads and validates the C2PA manifest embedded in `bytes`; null when the file
 * has none (never embedded, or stripped). `trustAnchorsPem` are the roots whose
 * signers count as trusted.
 */
export async function readC2pa(bytes: Uint8Array, mime: C2paFormat, trustAnchorsPem: string): Promise<C2paSummary | null> {
  const c2pa = c2paWasm();
  const context = JSON.stringify({
    trust: trustAnchorsPem ? { trust_anchors: trustAnchorsPem } : {},
    verify: { verify_trust: Boolean(trustAnchorsPem) },
  });
  let store: Store;
  try {
    const reader = await c2pa.WasmReader.fromBytes(mime, bytes, context);
    try {
      store = JSON.parse(reader.json()) as Store;
    } finally {
      reader.free();
    }
  } catch (e) {
    if (isNotFound(e)) return null;
    const explanation = String((e as Error)?.message ?? e).slice(0, 300);
    return {
      state: "Invalid",
      signatureValid: false,
      hardBindingValid: false,
      trusted: false,
      issuer: null,
      commonName: null,
      claimGenerator: null,
      license: null,
      failures: [{ code: "manifest.unreadable", explanation }],
    };
  }
  const manifest = store.active_manifest ? store.manifests?.[store.active_manifest] : undefined;
  const failures = (store.validation_results?.activeManifest?.failure ?? store.validation_status ?? []).map((f) => ({
    code: f.code,
    explanation: f.explanation ?? "",
  }));
  const state = store.validation_state === "Trusted" || store.validation_state === "Valid" ? store.validation_state : "Invalid";
  const data = manifest?.assertions?.find((a) => a.label === LICENSE_ASSERTION)?.data as
    { licenseId?: unknown; verifyCode?: unknown; watermark?: { payload?: unknown } } | undefined;
  const gen = manifest?.claim_generator_info?.[0];
  return {
    state,
    signatureValid: Boolean(manifest) && !failures.some((f) => SIGNATURE.test(f.code)),
    hardBindingValid: Boolean(manifest) && !failures.some((f) => HARD_BINDING.test(f.code)),
    trusted: state === "Trusted",
    issuer: manifest?.signature_info?.issuer ?? null,
    commonName: manifest?.signature_info?.common_name ?? null,
    claimGenerator: gen?.name ? `${gen.name}${gen.version ? ` ${gen.version}` : ""}` : (manifest?.claim_generator ?? null),
    license:
      data && typeof data.licenseId === "string" && typeof data.verifyCode === "string"
        ? {
            licenseId: data.licenseId,
            verifyCode: data.verifyCode,
            watermarkPayload: typeof data.watermark?.payload === "string" ? data.watermark.payload : null,
          }
        : null,
    failures,
  };
}
