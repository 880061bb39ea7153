import { randomUUID } from "node:crypto";
import { ZClaim, type TClaim, type TManifestParty } from "./types";

export const TOOL_VERSION = "likeness/0.1.0";
/** IPTC term C2PA uses for media made by a trained model. */
export const TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

export type BuildManifestInput = {
  outputSha256: string;
  payloadHex: string;
  verifyCode: string;
  format: string;
  licenseId: string;
  consentRecordHash: string;
  talent: TManifestParty;
  studio: TManifestParty;
  modelId: string;
  renderId: string;
  inputHashes: Array<{ role: string; hash: string }>;
  createdAt: Date;
  toolVersion?: string;
  instanceId?: string;
};

export function buildManifest(input: BuildManifestInput): TClaim {
  const when = input.createdAt.toISOString();
  const tool = input.toolVersion ?? TOOL_VERSION;
  return ZClaim.parse({
    schema: "likeness.manifest/1",
    instanceId: input.instanceId ?? `urn:uuid:${randomUUID()}`,
    claimGenerator: tool,
    createdAt: when,
    format: input.format,
    assertions: {
      hashData: { alg: "sha256", hash: input.outputSha256.toLowerCase() },
      softBinding: { alg: "likeness.watermark.v1", payload: input.payloadHex.toLowerCase(), verifyCode: input.verifyCode },
      actions: [{ action: "c2pa.created", when, softwareAgent: tool, digitalSourceType: TRAINED_ALGORITHMIC_MEDIA }],
      license: {
        licenseId: input.licenseId,
        consentRecordHash: input.consentRecordHash.toLowerCase(),
        talent: input.talent,
        studio: input.studio,
        modelId: input.modelId,
        renderId: input.renderId,
      },
      ingredients: input.inputHashes.map((i) => ({ role: i.role, hash: i.hash.toLowerCase() })),
    },
  });
}
