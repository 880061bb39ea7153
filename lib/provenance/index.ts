// Public API of the provenance layer: build, sign and verify manifests.
export { buildManifest, TOOL_VERSION, TRAINED_ALGORITHMIC_MEDIA } from "./build-manifest";
export type { BuildManifestInput } from "./build-manifest";
export { signManifest, verifyManifest } from "./sign-manifest";
export type { ManifestCheck } from "./sign-manifest";
export { loadOrCreatePlatformKey, keyIdOf, DEFAULT_KEY_DIR } from "./platform-key";
export type { PlatformKey } from "./platform-key";
export { canonicalJson } from "./canonical-json";
export { sha256Hex, sha256File } from "./sha256";
export { ZClaim, ZSignedManifest, ZManifestParty } from "./types";
export type { TClaim, TSignedManifest, TManifestParty } from "./types";
