import { randomBytes } from "node:crypto";
import { PAYLOAD_BYTES } from "./payload-code";

/** A fresh random 64-bit payload for one output; the registry maps it to the render. */
export function newPayload(): Uint8Array {
  return new Uint8Array(randomBytes(PAYLOAD_BYTES));
}
