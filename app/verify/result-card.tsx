import type { ReactNode } from "react";
import type { VerifyResult } from "@/lib/outputs/types";

// The answer, headline first: one big state (VALID / EXPIRED / REVOKED / NOT
// VERIFIED / DO NOT TRUST), the sentence from lib/verification, then the
// evidence (watermark, exact file, signature) and the manifest's fields.

type Verdict = { label: string; tone: string; ring: string; detail: string };

function verdict(r: VerifyResult): Verdict {
  const a = r.answer;
  if (a.manifest && a.signatureValid === false)
    return { label: "DO NOT TRUST", tone: "bg-red-600 text-white", ring: "border-red-300", detail: "The record's signature is not valid." };
  if (!a.manifest)
    return { label: "NOT VERIFIED", tone: "bg-zinc-700 text-white", ring: "border-zinc-300", detail: "No Likeness record was found." };
  switch (a.licenseStatus) {
    case "valid":
      return {
        label: "VALID",
        tone: "bg-emerald-600 text-white",
        ring: "border-emerald-300",
        detail: "Licensed use, with the talent's consent on record.",
      };
    case "expired":
      return {
        label: "EXPIRED",
        tone: "bg-amber-500 text-zinc-950",
        ring: "border-amber-300",
        detail: "The license has ended; this use is no longer licensed.",
      };
    case "revoked":
      return {
        label: "REVOKED",
        tone: "bg-red-600 text-white",
        ring: "border-red-300",
        detail: "The license was revoked; this use is no longer licensed.",
      };
    default:
      return {
        label: "STATUS UNKNOWN",
        tone: "bg-zinc-700 text-white",
        ring: "border-zinc-300",
        detail: "The license's current status cannot be confirmed.",
      };
  }
}

const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "—";
const day = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" }) : "—";

function Check({ ok, label, detail }: { ok: boolean | null; label: string; detail?: ReactNode }) {
  const mark = ok === null ? "–" : ok ? "✓" : "✗";
  const color = ok === null ? "bg-zinc-100 text-zinc-500" : ok ? "bg-emerald-100 text-emerald-700" : "bg-red-100 text-red-700";
  return (
    <li className="flex gap-3">
      <span
        aria-hidden="true"
        className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-sm font-bold ${color}`}
      >
        {mark}
      </span>
      <div>
        <p className="text-sm font-medium text-zinc-900">{label}</p>
        {detail && <p className="text-sm text-zinc-600">{detail}</p>}
      </div>
    </li>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-3 py-1.5 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-900">{children}</dd>
    </div>
  );
}

const Mono = ({ children }: { children: ReactNode }) => <span className="font-mono text-xs break-all">{children}</span>;

export function ResultCard({ result }: { result: VerifyResult }) {
  const a = result.answer;
  const v = verdict(result);
  const wm = a.watermark;
  const claim = a.manifest?.claim;
  const trusted = a.signatureValid === true;

  const watermarkCheck =
    wm.status === "not-checked"
      ? { ok: null, label: "Watermark not checked", detail: "A verify code was entered, not a file." }
      : wm.found
        ? {
            ok: true,
            label: "Likeness watermark found",
            detail: `Payload ${wm.payload}${wm.bitErrorsCorrected ? `, ${wm.bitErrorsCorrected} bit errors corrected` : ""}, confidence ${Math.round((wm.confidence ?? 0) * 100)}%.`,
          }
        : wm.status === "damaged"
          ? {
              ok: false,
              label: "Watermark present but too damaged to read",
              detail: "The file was altered too much to recover the payload.",
            }
          : {
              ok: false,
              label: "No Likeness watermark found",
              detail:
                "The file carries no readable Likeness watermark. That alone does not prove it was not made here: heavy edits (a strong brightening of a mostly white or black picture, a small cut-out) can erase it. If the picture shows a verify code, enter the code instead.",
            };

  const cc = result.contentCredentials;
  const credentialsCheck =
    result.input.kind !== "file"
      ? null
      : !cc
        ? {
            ok: null,
            label: "No Content Credentials (C2PA) in this file",
            detail:
              "Delivered files carry a signed C2PA manifest; a copy that was re-encoded or stripped of metadata loses it, and the answer rests on the watermark.",
          }
        : !cc.signatureValid
          ? {
              ok: false,
              label: "Content Credentials signature NOT valid",
              detail: cc.failures.map((f) => f.code).join(", ") || "The manifest could not be validated.",
            }
          : !cc.hardBindingValid
            ? {
                ok: false,
                label: "Content Credentials: the file was edited after signing",
                detail: "The manifest is signed, but the file's bytes no longer match its hash (hard binding).",
              }
            : cc.trusted
              ? {
                  ok: true,
                  label: "Content Credentials (C2PA) valid",
                  detail: `Signed by ${cc.commonName ?? "?"} (${cc.issuer ?? "?"}); the file is unchanged since signing.`,
                }
              : {
                  ok: null,
                  label: "Content Credentials valid, signer not trusted",
                  detail: `Signed by ${cc.commonName ?? "?"} (${cc.issuer ?? "?"}), a certificate that does not chain to the Likeness trust anchors.`,
                };

  return (
    <article aria-label="Verification result" className={`overflow-hidden rounded-xl border-2 bg-white shadow-sm ${v.ring}`}>
      <header className={`px-6 py-5 ${v.tone}`}>
        <p className="text-xs font-semibold uppercase tracking-widest opacity-80">License status</p>
        <p className="mt-1 text-4xl font-black tracking-tight" data-testid="verify-verdict">
          {v.label}
        </p>
        <p className="mt-1 text-sm font-medium opacity-90">{v.detail}</p>
      </header>

      <div className="space-y-6 px-6 py-5">
        <p className="text-base text-zinc-800">{a.summary}</p>

        {trusted && (
          <dl className="grid gap-4 sm:grid-cols-2">
            <div className="rounded-lg bg-zinc-50 p-4">
              <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Talent</dt>
              <dd className="mt-1 text-lg font-semibold text-zinc-900">{a.talentDisplayName}</dd>
            </div>
            <div className="rounded-lg bg-zinc-50 p-4">
              <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Studio</dt>
              <dd className="mt-1 text-lg font-semibold text-zinc-900">{a.studioDisplayName}</dd>
            </div>
          </dl>
        )}

        <ul className="space-y-3">
          {credentialsCheck && <Check {...credentialsCheck} />}
          <Check {...watermarkCheck} />
          {result.input.kind === "file" && a.manifest && (
            <Check
              ok={a.exactFileMatch}
              label={a.exactFileMatch ? "Exact file match" : "Not the exact issued file"}
              detail={
                a.exactFileMatch
                  ? "Its SHA-256 matches the record: these are the bytes the platform issued."
                  : "A copy (re-encoded, resized or cropped) of an issued output, found by its watermark."
              }
            />
          )}
          <Check
            ok={a.signatureValid}
            label={a.signatureValid === null ? "No record to check" : a.signatureValid ? "Signature valid" : "Signature NOT valid"}
            detail={a.signatureValid === null ? undefined : a.signatureValid ? "Signed by the Likeness platform key." : a.signatureProblem}
          />
        </ul>

        {result.license && (
          <section aria-labelledby="license-title">
            <h3 id="license-title" className="text-sm font-semibold text-zinc-900">
              License
            </h3>
            <dl className="mt-2 divide-y divide-zinc-100">
              <Row label="Valid from">{day(result.license.validFrom)}</Row>
              <Row label="Valid until">{day(result.license.validUntil)}</Row>
              {result.license.revokedAt && <Row label="Revoked on">{when(result.license.revokedAt)}</Row>}
              <Row label="License id">
                <Mono>{result.license.licenseId}</Mono>
              </Row>
            </dl>
          </section>
        )}

        {cc && (
          <section aria-labelledby="c2pa-title" data-testid="content-credentials">
            <h3 id="c2pa-title" className="text-sm font-semibold text-zinc-900">
              Content Credentials (C2PA manifest in the file)
            </h3>
            <dl className="mt-2 divide-y divide-zinc-100">
              <Row label="Validation">
                {cc.state}
                {cc.failures.length > 0 ? ` (${cc.failures.map((f) => f.code).join(", ")})` : ""}
              </Row>
              <Row label="Signed by">{cc.commonName ?? "—"}</Row>
              <Row label="Issuer">{cc.issuer ?? "—"}</Row>
              <Row label="Claim generator">{cc.claimGenerator ?? "—"}</Row>
              {cc.license && (
                <Row label="License id">
                  <Mono>{cc.license.licenseId}</Mono>
                </Row>
              )}
              {cc.license && (
                <Row label="Verify code">
                  <Mono>{cc.license.verifyCode}</Mono>
                </Row>
              )}
            </dl>
          </section>
        )}

        {claim && (
          <section aria-labelledby="manifest-title">
            <h3 id="manifest-title" className="text-sm font-semibold text-zinc-900">
              Provenance manifest{trusted ? "" : " (unverified — do not rely on it)"}
            </h3>
            <dl className="mt-2 divide-y divide-zinc-100">
              {result.verifyCode && (
                <Row label="Verify code">
                  <Mono>{result.verifyCode}</Mono>
                </Row>
              )}
              <Row label="Created">{when(claim.createdAt)}</Row>
              <Row label="Format">{claim.format}</Row>
              <Row label="Made by">
                {claim.claimGenerator}, model <Mono>{claim.assertions.license.modelId}</Mono>
              </Row>
              <Row label="Source type">AI-generated (trained algorithmic media)</Row>
              <Row label="File SHA-256">
                <Mono>{claim.assertions.hashData.hash}</Mono>
              </Row>
              <Row label="Watermark payload">
                <Mono>{claim.assertions.softBinding.payload}</Mono>
              </Row>
              <Row label="Consent record">
                <Mono>{claim.assertions.license.consentRecordHash}</Mono>
              </Row>
              <Row label="Render id">
                <Mono>{claim.assertions.license.renderId}</Mono>
              </Row>
              {claim.assertions.ingredients.map((i) => (
                <Row key={`${i.role}-${i.hash}`} label={`Input: ${i.role}`}>
                  <Mono>{i.hash}</Mono>
                </Row>
              ))}
              <Row label="Signing key">
                <Mono>{a.manifest?.signature.keyId}</Mono>
              </Row>
            </dl>
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-accent-700 hover:underline">Show the signed manifest (JSON)</summary>
              <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">
                {JSON.stringify(a.manifest, null, 2)}
              </pre>
            </details>
          </section>
        )}

        {result.input.kind === "file" && (
          <p className="text-xs text-zinc-500">
            Checked {result.input.mimeType},{" "}
            {result.input.width && result.input.height ? `${result.input.width}×${result.input.height}, ` : ""}SHA-256{" "}
            <Mono>{result.input.sha256}</Mono> at {when(result.checkedAt)}.
          </p>
        )}
        {result.input.kind === "code" && (
          <p className="text-xs text-zinc-500">
            Checked code <Mono>{result.input.code}</Mono> at {when(result.checkedAt)}.
          </p>
        )}
      </div>
    </article>
  );
}
