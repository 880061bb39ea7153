import { randomBytes } from "node:crypto";
import { open, seal, unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";

// A webhook's signing secret is needed in clear to sign each call, so unlike
// an API key it cannot be stored as a hash: it is sealed with the studio's data
// key (like the studio's files), bound to the studio by the AAD.

const aad = (studioId: string) => `likeness-studio-webhook-secret:${studioId}`;

/** A fresh secret: `whsec_` and 32 random bytes (base64url). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function sealWebhookSecret(studio: { id: string; wrappedDataKey: Uint8Array }, secret: string): Uint8Array<ArrayBuffer> {
  const dataKey = unwrapKey(masterKey(), Buffer.from(studio.wrappedDataKey));
  return new Uint8Array(seal(dataKey, Buffer.from(secret, "utf8"), aad(studio.id)));
}

export function openWebhookSecret(studio: { id: string; wrappedDataKey: Uint8Array }, sealed: Uint8Array): string {
  const dataKey = unwrapKey(masterKey(), Buffer.from(studio.wrappedDataKey));
  return open(dataKey, Buffer.from(sealed), aad(studio.id)).toString("utf8");
}
