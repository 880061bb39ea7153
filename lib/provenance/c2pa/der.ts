import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
  X509Certificate,
} from "node:crypto";

// A minimal DER writer and X.509 v3 certificate builder: just enough to issue
// the C2PA signing chain (a root CA and an end-entity certificate with the
// extensions C2PA's certificate profile asks for) with node:crypto, no
// dependency. Certificates are read back with node:crypto's X509Certificate.

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  return tlv(0x02, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const group: number[] = [];
    for (let v = p; ; v = Math.floor(v / 128)) {
      group.unshift((v & 0x7f) | (group.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...group);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z"; // YYYYMMDDHHMMSSZ
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

export const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  country: "2.5.4.6",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectKeyId: "2.5.29.14",
  authorityKeyId: "2.5.29.35",
  /** id-kp-emailProtection and id-kp-documentSigning: end-entity EKUs C2PA accepts for claim signing. */
  emailProtection: "1.3.6.1.5.5.7.3.4",
  documentSigning: "1.3.6.1.5.5.7.3.36",
} as const;

export type DistinguishedName = { commonName: string; organization?: string; country?: string };

function name(dn: DistinguishedName): Buffer {
  const rdn = (type: string, value: Buffer) => set(seq(oid(type), value));
  return seq(
    ...(dn.country ? [rdn(OID.country, tlv(0x13, Buffer.from(dn.country)))] : []),
    ...(dn.organization ? [rdn(OID.organization, tlv(0x0c, Buffer.from(dn.organization)))] : []),
    rdn(OID.commonName, tlv(0x0c, Buffer.from(dn.commonName))),
  );
}

const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
const keyId = (publicKey: KeyObject) => {
  // SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 4.2.1.2, method 1): the SPKI's last 65 bytes for P-256.
  const spki = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
};

export type IssueOptions = {
  subject: DistinguishedName;
  subjectKey: KeyObject;
  /** The issuer's name and private key; absent for a self-signed root. */
  issuer?: { name: DistinguishedName; privateKey: KeyObject };
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
};

/** Issues an X.509 v3 certificate signed with ECDSA P-256 / SHA-256; returns it as PEM. */
export function issueCertificate(o: IssueOptions): string {
  const subjectPublic = createPublicKey(o.subjectKey);
  const issuerPrivate = o.issuer?.privateKey ?? o.subjectKey;
  const issuerPublic = createPublicKey(issuerPrivate);
  const sigAlg = seq(oid(OID.ecdsaWithSha256));
  const extensions = [
    extension(OID.basicConstraints, true, o.ca ? seq(bool(true), integer(Buffer.from([0]))) : seq()),
    // CA: keyCertSign + cRLSign (bits 5, 6); end entity: digitalSignature (bit 0).
    extension(OID.keyUsage, true, o.ca ? bits(Buffer.from([0x06]), 1) : bits(Buffer.from([0x80]), 7)),
    ...(o.ca ? [] : [extension(OID.extKeyUsage, false, seq(oid(OID.emailProtection), oid(OID.documentSigning)))]),
    extension(OID.subjectKeyId, false, octets(keyId(subjectPublic))),
    extension(OID.authorityKeyId, false, seq(tlv(0x80, keyId(issuerPublic)))),
  ];
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    sigAlg,
    name(o.issuer?.name ?? o.subject),
    seq(time(o.notBefore), time(o.notAfter)),
    name(o.subject),
    subjectPublic.export({ type: "spki", format: "der" }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign("sha256", tbs, issuerPrivate);
  const der = seq(tbs, sigAlg, bits(signature));
  return new X509Certificate(der).toString();
}

/** A fresh P-256 key pair, the private half as PKCS#8 PEM. */
export function newP256Key(): { privateKey: KeyObject; pem: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, pem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

export type TestChain = { rootPem: string; leafPem: string; leafKeyPem: string; chainPem: string };

/**
 * A root CA and an end-entity signing certificate under it, for tests and for
 * the development signer. The chain PEM is what a signer sends (leaf, then root).
 */
export function issueSigningChain(opts: {
  organization: string;
  now?: Date;
  days?: number;
  rootName?: string;
  leafName?: string;
}): TestChain {
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + (opts.days ?? 3650) * 24 * 3600 * 1000);
  const root = newP256Key();
  const rootName = { commonName: opts.rootName ?? `${opts.organization} Root CA`, organization: opts.organization, country: "US" };
  const rootPem = issueCertificate({ subject: rootName, subjectKey: root.privateKey, ca: true, notBefore, notAfter });
  const leaf = newP256Key();
  const leafPem = issueCertificate({
    subject: { commonName: opts.leafName ?? `${opts.organization} Content Credentials`, organization: opts.organization, country: "US" },
    subjectKey: leaf.privateKey,
    issuer: { name: rootName, privateKey: root.privateKey },
    ca: false,
    notBefore,
    notAfter,
  });
  return { rootPem, leafPem, leafKeyPem: leaf.pem, chainPem: leafPem + rootPem };
}

export { createPrivateKey };
