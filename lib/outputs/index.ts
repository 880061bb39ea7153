// The output registry: registration with a signed manifest, revocation, and
// public verification of files and verify codes.
export { registerOutput, registerOutputInTx, storedManifest, ZRegisterOutput } from "./register-output";
export type { RegisteredOutput, TRegisterOutput } from "./register-output";
export { watermarkOutput } from "./watermark-output";
export { markRenderedFile, type MarkedFile } from "./mark-rendered-file";
export type { WatermarkOutputOptions } from "./watermark-output";
export { revokeOutputs } from "./revoke-outputs";
export { verifyFile } from "./verify-file";
export { verifyCode } from "./verify-code";
export { platformKey, platformKeyDir, publishedSigningKey } from "./platform-key";
export { VERIFY_BULK_RATE, VERIFY_LIMITS, VERIFY_RATE } from "./limits";
export type { VerifyResult } from "./types";
