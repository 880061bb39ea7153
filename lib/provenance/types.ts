import { z } from "zod";

// The provenance manifest. Its shape follows a C2PA claim where it fits
// (claim_generator, assertions with labels, actions with digitalSourceType,
// a hard binding by hash and a soft binding by watermark) but it is plain
// JSON signed with Ed25519, not a JUMBF/COSE C2PA manifest (see README.md).
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 as 64 lowercase hex digits");

export const ZManifestParty = z.object({ id: z.string().min(1), displayName: z.string().min(1) });

export const ZClaim = z.object({
  schema: z.literal("likeness.manifest/1"),
  instanceId: z.string().min(1),
  claimGenerator: z.string().min(1),
  createdAt: z.iso.datetime(),
  format: z.string().min(1),
  assertions: z.object({
    /** Hard binding: the exact bytes of the delivered file. */
    hashData: z.object({ alg: z.literal("sha256"), hash: hex64 }),
    /** Soft binding: survives re-encoding, resizing and cropping. */
    softBinding: z.object({ alg: z.literal("likeness.watermark.v1"), payload: z.string().regex(/^[0-9a-f]{16}$/), verifyCode: z.string() }),
    actions: z.array(
      z.object({
        action: z.string(),
        when: z.iso.datetime(),
        softwareAgent: z.string(),
        digitalSourceType: z.string(),
      }),
    ),
    license: z.object({
      licenseId: z.string().min(1),
      consentRecordHash: hex64,
      talent: ZManifestParty,
      studio: ZManifestParty,
      modelId: z.string().min(1),
      renderId: z.string().min(1),
    }),
    ingredients: z.array(z.object({ role: z.string(), hash: hex64 })),
  }),
});

export const ZSignature = z.object({
  alg: z.literal("Ed25519"),
  keyId: z.string().min(1),
  value: z.string().min(1),
});

export const ZSignedManifest = z.object({ claim: ZClaim, signature: ZSignature });

export type TClaim = z.infer<typeof ZClaim>;
export type TManifestParty = z.infer<typeof ZManifestParty>;
export type TSignedManifest = z.infer<typeof ZSignedManifest>;
