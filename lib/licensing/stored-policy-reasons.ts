import { z } from "zod";

// SwapRequest.policyReasons as stored (JSON): the policy engine's reasons,
// parsed on read by pages and the API instead of cast. Entries that are not
// reasons are dropped rather than shown as "undefined".

const ZStoredPolicyReason = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });
export type StoredPolicyReason = z.infer<typeof ZStoredPolicyReason>;

export function readPolicyReasons(value: unknown): StoredPolicyReason[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = ZStoredPolicyReason.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
