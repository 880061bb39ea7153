import { createPrivateKey, sign, type KeyObject, X509Certificate } from "node:crypto";

// The COSE_Sign1 signature C2PA puts in a manifest's signature box, built
// here because the WASM build of the C2PA library signs with a JavaScript
// callback in "direct COSE" mode: it hands over the claim's CBOR and embeds
// whatever comes back, padded to nothing. So the callback returns the whole
// tagged COSE_Sign1 (RFC 9052): protected header {alg: ES256, x5chain},
// detached payload, ECDSA P-256 signature in IEEE P1363 form, and a "pad"
// byte string in the unprotected header sized so the result is exactly
// `reserveSize` bytes (the library reserved that much in the file before
// hashing it). This is what c2pa-rs itself produces for a local signer.

type Cbor = number | string | Buffer | null | Cbor[] | Map<number | string, Cbor> | { tag: number; value: Cbor };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cbor(v: Cbor): Buffer {
  if (v === null) return Buffer.from([0xf6]);
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new TypeError("only integers are encoded");
    return v >= 0 ? head(0, v) : head(1, -1 - v);
  }
  if (typeof v === "string") {
    const b = Buffer.from(v, "utf8");
    return Buffer.concat([head(3, b.length), b]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  if (v instanceof Map) return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])]);
  return Buffer.concat([head(6, v.tag), cbor(v.value)]);
}

const COSE_SIGN1_TAG = 18;
const ALG = 1;
const X5CHAIN = 33;
const ES256 = -7;

/** Splits a PEM bundle into DER certificates, in file order (end entity first). */
export function certificatesFromPem(pem: string): Buffer[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => Buffer.from(new X509Certificate(b).raw));
}

export type CoseSignerConfig = { privateKey: KeyObject | string; chain: Buffer[] };

/** Bytes C2PA reserves for the signature box: the chain, the signature, the COSE framing. */
export function coseReserveSize(chain: Buffer[]): number {
  return chain.reduce((n, c) => n + c.length, 0) + 64 + 1024;
}

/** A detached-payload COSE_Sign1 over `payload`, padded to exactly `size` bytes. */
export function coseSign1(payload: Uint8Array, config: CoseSignerConfig, size: number): Buffer {
  const key = typeof config.privateKey === "string" ? createPrivateKey(config.privateKey) : config.privateKey;
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("The C2PA signing key must be an EC P-256 key (ES256).");
  }
  if (config.chain.length === 0) throw new Error("The C2PA signing certificate chain is empty.");
  const protectedHeader = cbor(
    new Map<number, Cbor>([
      [ALG, ES256],
      [X5CHAIN, config.chain.length === 1 ? config.chain[0]! : config.chain],
    ]),
  );
  const toBeSigned = cbor(["Signature1", protectedHeader, Buffer.alloc(0), Buffer.from(payload)]);
  const signature = sign("sha256", toBeSigned, { key, dsaEncoding: "ieee-p1363" });
  const encode = (pad: number) =>
    cbor({ tag: COSE_SIGN1_TAG, value: [protectedHeader, new Map<string, Cbor>([["pad", Buffer.alloc(pad)]]), null, signature] });
  const bare = encode(0).length;
  if (bare > size) throw new Error(`The COSE signature needs ${bare} bytes but only ${size} were reserved.`);
  // The pad's length prefix grows by 1 or 2 bytes at 24 and 256 bytes: try the sizes around the gap.
  for (let pad = size - bare; pad >= Math.max(0, size - bare - 4); pad--) {
    const out = encode(pad);
    if (out.length === size) return out;
  }
  throw new Error(`No padding makes the COSE signature exactly ${size} bytes.`);
}
