"use client";

import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/app/_components/button-styles";
import { Spinner } from "@/app/_components/spinner";
import { formatBytes } from "@/lib/format/size";
import { VERIFY_LIMITS } from "@/lib/outputs/limits";
import type { VerifyResult } from "@/lib/outputs/types";
import { ResultCard } from "./result-card";
import { postWithProgress } from "@/app/_lib/post-with-progress";

type ErrorJson = { error?: { message?: string; fields?: Record<string, string> } };
type State =
  | { kind: "idle" }
  | { kind: "uploading"; name: string; size: number; progress: number }
  | { kind: "checking"; what: string }
  | { kind: "error"; field: "file" | "code" | null; message: string }
  | { kind: "done"; result: VerifyResult };

const ACCEPT = "image/jpeg,image/png,image/webp,video/mp4,video/quicktime,video/webm,.jpg,.jpeg,.png,.webp,.mp4,.mov,.m4v,.webm";
const VIDEO_TYPE = /^video\/|\.(mp4|mov|m4v|webm)$/i;

function errorFrom(status: number, json: unknown): { field: "file" | "code" | null; message: string } {
  const err = (json as ErrorJson | null)?.error;
  const fields = err?.fields ?? {};
  const field = "file" in fields ? "file" : "code" in fields ? "code" : null;
  const message = (field && fields[field]) || err?.message || `Verification failed (HTTP ${status}). Try again.`;
  return { field, message };
}

const post = (body: FormData | string, onProgress?: (fraction: number) => void, onSent?: () => void) =>
  postWithProgress("/api/v1/verify", body, { onProgress, onSent });

export function VerifyForm({ initialCode }: { initialCode: string }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [code, setCode] = useState(initialCode);
  const [dragging, setDragging] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const busy = state.kind === "uploading" || state.kind === "checking";

  async function run(request: () => Promise<{ status: number; json: unknown }>) {
    try {
      const { status, json } = await request();
      if (status >= 200 && status < 300 && json) setState({ kind: "done", result: json as VerifyResult });
      else setState({ kind: "error", ...errorFrom(status, json) });
    } catch (e) {
      setState({ kind: "error", field: null, message: (e as Error).message });
    }
  }

  async function verifyFile(file: File) {
    const isVideo = VIDEO_TYPE.test(file.type) || VIDEO_TYPE.test(file.name);
    const limit = isVideo ? VERIFY_LIMITS.videoMaxBytes : VERIFY_LIMITS.imageMaxBytes;
    if (file.size > limit) {
      setState({
        kind: "error",
        field: "file",
        message: `This file is ${formatBytes(file.size)}; ${isVideo ? "videos" : "images"} up to ${formatBytes(limit)} can be verified.`,
      });
      return;
    }
    // The answer is about this file now, not a code typed earlier.
    setCode("");
    const body = new FormData();
    body.append("file", file);
    setState({ kind: "uploading", name: file.name, size: file.size, progress: 0 });
    await run(() =>
      post(
        body,
        (progress) => setState((s) => (s.kind === "uploading" ? { ...s, progress } : s)),
        () => setState({ kind: "checking", what: isVideo ? "Reading the video's frames for a watermark…" : "Looking for a watermark…" }),
      ),
    );
  }

  async function verifyCode(value: string) {
    if (value.trim() === "") {
      setState({ kind: "error", field: "code", message: "Enter the verify code printed on the file, e.g. 04HM-ASRA-DPQZ-YK." });
      return;
    }
    setState({ kind: "checking", what: "Looking up the code…" });
    await run(() => post(JSON.stringify({ code: value })));
  }

  useEffect(() => {
    if (initialCode) void verifyCode(initialCode);
    // Only for the code the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const fileError = state.kind === "error" && state.field === "file" ? state.message : null;
  const codeError = state.kind === "error" && state.field === "code" ? state.message : null;

  return (
    <div className="space-y-6">
      <div className="grid gap-4 md:grid-cols-[1fr_auto_1fr] md:items-stretch">
        <section
          aria-labelledby="verify-file-title"
          className={`rounded-lg border-2 border-dashed p-5 transition-colors ${dragging ? "border-accent-500 bg-accent-50" : fileError ? "border-red-300 bg-red-50/40" : "border-zinc-300 bg-white"}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const file = e.dataTransfer.files[0];
            if (file && !busy) void verifyFile(file);
          }}
        >
          <h2 id="verify-file-title" className="text-base font-semibold text-zinc-900">
            Upload a file
          </h2>
          <p className="mt-1 text-sm text-zinc-600">
            JPEG, PNG or WebP up to {formatBytes(VERIFY_LIMITS.imageMaxBytes)}; MP4, MOV or WebM up to{" "}
            {formatBytes(VERIFY_LIMITS.videoMaxBytes)}. Drop it here or choose it.
          </p>
          <label htmlFor="verify-file" className={buttonClass("primary", "md", "mt-4 cursor-pointer")}>
            Choose image or video
          </label>
          <input
            ref={fileRef}
            id="verify-file"
            name="file"
            type="file"
            accept={ACCEPT}
            disabled={busy}
            className="sr-only"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? "verify-file-error" : undefined}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void verifyFile(file);
            }}
          />
          {fileError && (
            <p id="verify-file-error" className="mt-3 text-sm text-red-700">
              {fileError}
            </p>
          )}
        </section>

        <div className="flex items-center justify-center text-sm font-medium text-zinc-400" aria-hidden="true">
          or
        </div>

        <section aria-labelledby="verify-code-title" className="rounded-lg border border-zinc-200 bg-white p-5">
          <h2 id="verify-code-title" className="text-base font-semibold text-zinc-900">
            Paste a verify code
          </h2>
          <p className="mt-1 text-sm text-zinc-600">Printed in the disclosure box, after “Verify:”.</p>
          <form
            className="mt-4 flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void verifyCode(code);
            }}
          >
            <label htmlFor="verify-code" className="sr-only">
              Verify code
            </label>
            <input
              id="verify-code"
              name="code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              placeholder="04HM-ASRA-DPQZ-YK"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? "verify-code-error" : undefined}
              className={`h-10 min-w-0 flex-1 rounded-md border px-3 font-mono text-sm uppercase tracking-wider outline-none focus:ring-2 focus:ring-accent-500 ${codeError ? "border-red-400" : "border-zinc-300"}`}
            />
            <button type="submit" disabled={busy} className={buttonClass("secondary")}>
              Check
            </button>
          </form>
          {codeError && (
            <p id="verify-code-error" className="mt-2 text-sm text-red-700">
              {codeError}
            </p>
          )}
        </section>
      </div>

      <div aria-live="polite">
        {state.kind === "uploading" && (
          <div className="rounded-lg border border-zinc-200 bg-white p-4 text-sm">
            <div className="flex justify-between gap-3">
              <span className="truncate font-medium text-zinc-800">Uploading {state.name}</span>
              <span className="text-zinc-500">
                {Math.round(state.progress * 100)}% · {formatBytes(state.size)}
              </span>
            </div>
            <div
              className="mt-2 h-2 overflow-hidden rounded-full bg-zinc-100"
              role="progressbar"
              aria-label={`Uploading ${state.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(state.progress * 100)}
            >
              <div className="h-full rounded-full bg-accent-500 transition-all" style={{ width: `${Math.round(state.progress * 100)}%` }} />
            </div>
          </div>
        )}
        {state.kind === "checking" && (
          <div className="flex items-center gap-3 rounded-lg border border-zinc-200 bg-white p-4 text-sm text-zinc-700">
            <Spinner /> {state.what}
          </div>
        )}
        {state.kind === "error" && state.field === null && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            {state.message}
          </div>
        )}
        {state.kind === "done" && <ResultCard result={state.result} />}
      </div>
    </div>
  );
}
