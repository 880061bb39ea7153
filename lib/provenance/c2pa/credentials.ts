import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createPrivateKey, type KeyObject, randomBytes, X509Certificate } from "node:crypto";
import { c2paFiles } from "@/lib/config";
import { certificatesFromPem } from "./cose";
import { issueSigningChain } from "./der";

// The C2PA signing credentials: an EC P-256 key and its X.509 chain (end
// entity first). In production they come from files named by environment
// variables (a certificate from a CA on the C2PA trust list); otherwise a
// development CA and signing certificate are generated once into the keys
// folder, like the Ed25519 manifest key. Standard C2PA tools then report the
// signature as valid but the signer as untrusted, which is the truth.

export type C2paCredentials = {
  privateKey: KeyObject;
  /** DER certificates, end entity first. */
  chain: Buffer[];
  /** PEM roots /verify trusts (the configured anchors, or the chain's own root). */
  trustAnchorsPem: string;
  source: "environment" | "development";
};

const DEV_DIR = "c2pa-dev";

function fromFiles(keyFile: string, chainFile: string, anchorsFile: string | undefined): C2paCredentials {
  const privateKey = createPrivateKey(readFileSync(keyFile));
  const chainPem = readFileSync(chainFile, "utf8");
  const chain = certificatesFromPem(chainPem);
  if (chain.length === 0) throw new Error(`C2PA_CERT_CHAIN_FILE (${chainFile}) holds no PEM certificate`);
  const leaf = new X509Certificate(chain[0]!);
  if (!leaf.checkPrivateKey(privateKey))
    throw new Error("C2PA_SIGNING_KEY_FILE is not the key of the first certificate in C2PA_CERT_CHAIN_FILE");
  const last = new X509Certificate(chain[chain.length - 1]!);
  const trustAnchorsPem = anchorsFile ? readFileSync(anchorsFile, "utf8") : last.issuer === last.subject ? last.toString() : "";
  return { privateKey, chain, trustAnchorsPem, source: "environment" };
}

/** The development chain in `<keysDir>/c2pa-dev`, created on first use (key files 0600). */
export function developmentCredentials(keysDir: string): C2paCredentials {
  const dir = path.join(keysDir, DEV_DIR);
  const keyFile = path.join(dir, "signing-key.pem");
  const chainFile = path.join(dir, "chain.pem");
  const rootFile = path.join(dir, "root-ca.pem");
  if (!existsSync(keyFile) || !existsSync(chainFile) || !existsSync(rootFile)) {
    // Created once, as one: the three files are written into a private folder
    // that is renamed into place. A rename onto a folder that already has files
    // fails, so of two processes starting together the second uses the first's
    // chain instead of mixing its key with the other's certificate.
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const tmp = `${dir}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    mkdirSync(tmp, { mode: 0o700 });
    try {
      const made = issueSigningChain({ organization: "Likeness (development)", rootName: "Likeness Development Root CA (not trusted)" });
      writeFileSync(path.join(tmp, path.basename(rootFile)), made.rootPem, { mode: 0o644 });
      writeFileSync(path.join(tmp, path.basename(chainFile)), made.chainPem, { mode: 0o644 });
      writeFileSync(path.join(tmp, path.basename(keyFile)), made.leafKeyPem, { mode: 0o600 });
      chmodSync(path.join(tmp, path.basename(keyFile)), 0o600);
      try {
        renameSync(tmp, dir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw err;
        // Another process's chain is in place: it is the one.
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return { ...fromFiles(keyFile, chainFile, rootFile), source: "development" };
}

/**
 * C2PA_SIGNING_KEY_FILE + C2PA_CERT_CHAIN_FILE (both or neither; optional
 * C2PA_TRUST_ANCHORS_FILE), else the development chain in `keysDir`.
 */
export function loadC2paCredentials(keysDir: string, env?: Readonly<Record<string, string | undefined>>): C2paCredentials {
  const { signingKeyFile: keyFile, certChainFile: chainFile, trustAnchorsFile } = c2paFiles(env);
  if (keyFile || chainFile) {
    if (!keyFile || !chainFile) throw new Error("Set both C2PA_SIGNING_KEY_FILE and C2PA_CERT_CHAIN_FILE, or neither");
    return fromFiles(keyFile, chainFile, trustAnchorsFile);
  }
  return developmentCredentials(keysDir);
}
