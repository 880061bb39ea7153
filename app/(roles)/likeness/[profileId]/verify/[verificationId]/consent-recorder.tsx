"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { postWithProgress } from "@/app/_lib/post-with-progress";

type Props = { profileId: string; verificationId: string; phrase: string; prompts: string[] };

const PROMPT_TEXT: Record<string, string> = { left: "Turn your head to your left", right: "Turn your head to your right", up: "Look up" };

/** The script the person follows while recording: the phrase, each head turn, then back to the camera. */
function scriptFor(phrase: string, prompts: string[]) {
  return [
    { text: `Read aloud: “${phrase}”`, seconds: 4 },
    ...prompts.map((p) => ({ text: PROMPT_TEXT[p] ?? p, seconds: 2.5 })),
    { text: "Look at the camera", seconds: 1.5 },
  ];
}

/** The first container this browser's recorder writes that the server takes (WebM or MP4). */
function recorderMime(): string | undefined {
  return ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp8", "video/webm", "video/mp4"].find((m) => MediaRecorder.isTypeSupported(m));
}

type PolicyDocument = Document & { permissionsPolicy?: { allowsFeature(f: string): boolean }; featurePolicy?: { allowsFeature(f: string): boolean } };

/**
 * The camera is allowed only in a document loaded at this page
 * (Permissions-Policy, lib/http/security-headers.ts); a client-side
 * navigation here keeps the policy of the page it came from. Then the page
 * reloads itself, once (a flag in sessionStorage stops a loop should the
 * header be missing), so the browser applies this page's own policy.
 */
function reloadIfCameraBlocked(): void {
  const doc = document as PolicyDocument;
  const policy = doc.permissionsPolicy ?? doc.featurePolicy;
  if (!policy || policy.allowsFeature("camera")) return;
  const key = `camera-policy-reload:${window.location.pathname}`;
  if (sessionStorage.getItem(key)) return;
  sessionStorage.setItem(key, "1");
  window.location.reload();
}

function errorText(json: unknown, status: number): string {
  const body = json as { error?: { message?: string; fields?: Record<string, string> }; message?: string } | null;
  return body?.error?.fields?.video ?? body?.error?.message ?? body?.message ?? `The upload failed (HTTP ${status}). Try again.`;
}

/**
 * Records the consent video in the page: camera preview (mirrored, as people
 * expect), then a timed script (the phrase, the head turns in the order the
 * server chose, back to the camera) while MediaRecorder records, then the
 * upload. A recorded file can be sent instead when the camera is not usable.
 */
export function ConsentRecorder({ profileId, verificationId, phrase, prompts }: Props) {
  const router = useRouter();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [state, setState] = useState<"idle" | "ready" | "recording" | "uploading">("idle");
  const [step, setStep] = useState(-1);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const script = scriptFor(phrase, prompts);

  useEffect(() => {
    reloadIfCameraBlocked();
    return () => stream.current?.getTracks().forEach((t) => t.stop());
  }, []);

  async function startCamera() {
    setError(null);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" }, audio: true });
      if (video.current) {
        video.current.srcObject = stream.current;
        await video.current.play().catch(() => undefined);
      }
      setState("ready");
    } catch (e) {
      const name = e instanceof DOMException ? e.name : "";
      setError(
        name === "NotAllowedError"
          ? "Camera access was refused. Allow the camera for this site in your browser, or upload a recording below."
          : name === "NotFoundError"
            ? "No camera was found. Connect one, or upload a recording below."
            : "The camera could not be started. Close other apps that use it, or upload a recording below.",
      );
    }
  }

  async function upload(file: Blob, name: string) {
    setState("uploading");
    setError(null);
    const form = new FormData();
    form.append("video", file, name);
    try {
      const res = await postWithProgress(`/api/identity-verifications/${verificationId}/video`, form, { onProgress: setProgress });
      if (res.status === 201) {
        stream.current?.getTracks().forEach((t) => t.stop());
        router.push(`/likeness/${profileId}/verify`);
        router.refresh();
        return;
      }
      setError(errorText(res.json, res.status));
    } catch (e) {
      setError(e instanceof Error ? e.message : "The upload failed. Try again.");
    }
    setState(stream.current ? "ready" : "idle");
  }

  async function record() {
    if (!stream.current) return;
    const mimeType = recorderMime();
    const recorder = new MediaRecorder(stream.current, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
    recorder.start(500);
    setState("recording");
    for (const [i, s] of script.entries()) {
      setStep(i);
      await new Promise((r) => setTimeout(r, s.seconds * 1000));
    }
    recorder.stop();
    await stopped;
    setStep(-1);
    const type = recorder.mimeType || mimeType || "video/webm";
    await upload(new Blob(chunks, { type }), type.includes("mp4") ? "consent.mp4" : "consent.webm");
  }

  const current = step >= 0 ? script[step] : null;
  return (
    <div className="space-y-4">
      <div className="relative overflow-hidden rounded-lg bg-zinc-900">
        <video ref={video} muted playsInline aria-label="Camera preview" className="aspect-video w-full -scale-x-100 object-cover" />
        {state === "idle" && <p className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-zinc-200">The camera starts when you press “Start camera”.</p>}
        {current && (
          <p role="status" aria-live="assertive" className="absolute inset-x-0 bottom-0 bg-black/70 px-4 py-3 text-center text-lg font-medium text-white">
            {current.text}
          </p>
        )}
      </div>
      <ol className="grid gap-2 text-sm sm:grid-cols-2" aria-label="What you will be asked">
        {script.map((s, i) => (
          <li key={s.text} className={`rounded-md border px-3 py-2 ${i === step ? "border-accent-500 bg-accent-50 font-medium" : i < step ? "border-zinc-200 text-zinc-500 line-through" : "border-zinc-200"}`}>
            {i + 1}. {s.text}
          </li>
        ))}
      </ol>
      {error && <Notice tone="danger" title="Not sent">{error}</Notice>}
      <div className="flex flex-wrap items-center gap-3">
        {state === "idle" && <Button onClick={startCamera}>Start camera</Button>}
        {state === "ready" && <Button onClick={record}>Record ({Math.round(script.reduce((s, x) => s + x.seconds, 0))} s)</Button>}
        {state === "recording" && <span className="text-sm font-medium text-red-700">● Recording — follow the prompts</span>}
        {state === "uploading" && (
          <span className="text-sm text-zinc-700" role="status">
            Sending… {Math.round(progress * 100)}%
          </span>
        )}
      </div>
      <details className="text-sm text-zinc-700">
        <summary className="cursor-pointer">No camera here? Upload a recording instead</summary>
        <p className="mt-2">Record yourself following the steps above in this order (MP4, MOV or WebM, at most a minute), then choose the file.</p>
        <label className="mt-2 block">
          <span className="sr-only">Consent video file</span>
          <input
            type="file"
            accept="video/mp4,video/quicktime,video/webm"
            disabled={state === "uploading" || state === "recording"}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f, f.name);
            }}
          />
        </label>
      </details>
    </div>
  );
}
