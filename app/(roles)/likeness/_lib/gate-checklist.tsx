import type { GateCheck, GateKey } from "@/lib/licensing/gates";
import { NextSteps } from "./next-steps";

/** Where a manager opens each gate. */
export function gateHref(profileId: string, gate: GateKey): string {
  const base = `/likeness/${profileId}`;
  const hrefs: Record<GateKey, string> = {
    consent: `${base}/consent`,
    estate_authority: `${base}#authority`,
    likeness_set: `${base}/photos`,
    talent_verified: `${base}/verify`,
    one_face: `${base}#identity-conflict`,
  };
  return hrefs[gate];
}

/** The gates before licensing as a checklist: done, or what to do next (the first closed gate is current). */
export function GateChecklist({ profileId, gates }: { profileId: string; gates: GateCheck[] }) {
  const open = gates.every((g) => g.open);
  return (
    <NextSteps
      title={open ? "Ready to license: every gate is open" : "Before this likeness can be licensed"}
      steps={gates.map((g) => ({ label: g.label, done: g.open, href: gateHref(profileId, g.gate), detail: g.detail }))}
    />
  );
}
