// Public API of the verification answer (pure functions over plain data).
export { verificationAnswer } from "./verification-answer";
export { licenseStatusAt } from "./license-status";
export type { LicenseRecord, LicenseStatus, VerificationAnswer, VerificationInput, WatermarkEvidence } from "./types";
