"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { postWithProgress } from "@/app/_lib/post-with-progress";
import { HEAD_TURN_PROMPTS, type HeadTurnPrompt } from "@/ml/liveness/head-turns";
import { FRAMING_TEXT } from "@/ml/liveness/live-guide";
import { useLiveFace, type LiveFace, type LivePhase } from "./live-face";

type Props = { profileId: string; verificationId: string; phrase: string; prompts: string[] };

const PROMPT_TEXT: Record<string, string> = { left: "Turn your head to your left", right: "Turn your head to your right", up: "Look up" };

/** The script the person follows while recording: the phrase, each head turn, then back to the camera. */
function scriptFor(phrase: string, prompts: string[]) {
  return [
    { text: `Read aloud: “${phrase}”`, seconds: 4, turn: null },
    ...prompts.map((p, i) => ({ text: PROMPT_TEXT[p] ?? p, seconds: 2.5, turn: i })),
    { text: "Look at the camera", seconds: 1.5, turn: null },
  ];
}

/** With the live guide on, a head-turn step waits for its turn to be seen, up to this long. */
const GUIDED_TURN_SECONDS = 8;

/** The first container this browser's recorder writes that the server takes (WebM or MP4). */
function recorderMime(): string | undefined {
  return ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp8", "video/webm", "video/mp4"].find((m) => MediaRecorder.isTypeSupported(m));
}

type PolicyDocument = Document & {
  permissionsPolicy?: { allowsFeature(f: string): boolean };
  featurePolicy?: { allowsFeature(f: string): boolean };
};

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
  const [recordingStartedAt, setRecordingStartedAt] = useState<number | null>(null);
  const script = scriptFor(phrase, prompts);
  const turnPrompts = useMemo(
    () => prompts.filter((p): p is HeadTurnPrompt => (HEAD_TURN_PROMPTS as readonly string[]).includes(p)),
    [prompts],
  );
  const phase = useRef<LivePhase>({ recording: false });
  const stopRequested = useRef(false);
  const live = useLiveFace(video, state === "ready" || state === "recording", turnPrompts, phase);
  const liveRef = useRef<LiveFace>(live);
  useEffect(() => {
    liveRef.current = live;
  }, [live]);
  /** Head turns ticked off in the current recording (0 when the guide is off). */
  const ticked = state === "recording" && live.status === "on" && live.turnsOf === recordingStartedAt ? live.turns.progress.done.length : 0;

  useEffect(() => {
    reloadIfCameraBlocked();
    return () => stream.current?.getTracks().forEach((t) => t.stop());
  }, []);

  async function startCamera() {
    setError(null);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" },
        audio: true,
      });
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

  /**
   * One step of the script: its timed seconds, or with the live guide on, a
   * head turn lasts until the guide ticks it off (at most
   * GUIDED_TURN_SECONDS); "Stop" ends it at once.
   */
  async function stepDone({ seconds, turn }: { seconds: number; turn: number | null }, recording: number) {
    const startedAt = performance.now();
    const guided = turn !== null && liveRef.current.status === "on";
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if (stopRequested.current) return;
      const elapsed = (performance.now() - startedAt) / 1000;
      if (!guided) {
        if (elapsed >= seconds) return;
      } else if (liveRef.current.status !== "on") {
        // The guide switched itself off mid-recording: back to the timed script.
        if (elapsed >= seconds) return;
      } else if (
        (liveRef.current.turnsOf === recording && liveRef.current.turns.progress.done.length > turn) ||
        elapsed >= GUIDED_TURN_SECONDS
      )
        return;
    }
  }

  async function record() {
    if (!stream.current) return;
    const mimeType = recorderMime();
    const recorder = new MediaRecorder(stream.current, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
    recorder.start(500);
    stopRequested.current = false;
    const startedAt = performance.now();
    phase.current = { recording: true, startedAt, calibrating: true };
    setRecordingStartedAt(startedAt);
    setState("recording");
    for (const [i, s] of script.entries()) {
      setStep(i);
      phase.current = { recording: true, startedAt, calibrating: i === 0 };
      await stepDone(s, startedAt);
      if (stopRequested.current) break;
    }
    phase.current = { recording: false };
    recorder.stop();
    await stopped;
    setStep(-1);
    const type = recorder.mimeType || mimeType || "video/webm";
    await upload(new Blob(chunks, { type }), type.includes("mp4") ? "consent.mp4" : "consent.webm");
  }

  const current = step >= 0 ? script[step] : null;
  const guideOn = (state === "ready" || state === "recording") && live.status === "on";
  const allTurnsDone = state === "recording" && turnPrompts.length > 0 && ticked >= turnPrompts.length;
  return (
    <div className="space-y-4">
      <div className="relative overflow-hidden rounded-lg bg-zinc-900">
        <video ref={video} muted playsInline aria-label="Camera preview" className="aspect-video w-full -scale-x-100 object-cover" />
        {guideOn && live.frame && <FaceOverlay live={live} />}
        {state === "idle" && (
          <p className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-zinc-200">
            The camera starts when you press “Start camera”.
          </p>
        )}
        {current && (
          <p
            role="status"
            aria-live="assertive"
            className="absolute inset-x-0 bottom-0 bg-black/70 px-4 py-3 text-center text-lg font-medium text-white"
          >
            {current.text}
          </p>
        )}
      </div>
      {(state === "ready" || state === "recording") && (
        <LiveGuideStatus live={live} ticked={ticked} total={turnPrompts.length} recording={state === "recording"} />
      )}
      <ol className="grid gap-2 text-sm sm:grid-cols-2" aria-label="What you will be asked" aria-live="polite">
        {script.map((s, i) => {
          const turnDone = s.turn !== null && s.turn < ticked;
          return (
            <li
              key={s.text}
              className={`rounded-md border px-3 py-2 ${turnDone ? "border-green-600 bg-green-50 text-green-900" : i === step ? "border-accent-500 bg-accent-50 font-medium" : i < step ? "border-zinc-200 text-zinc-500 line-through" : "border-zinc-200"}`}
            >
              {i + 1}. {s.text}
              {turnDone && <span className="ml-1 font-medium">— done ✓</span>}
            </li>
          );
        })}
      </ol>
      {error && (
        <Notice tone="danger" title="Not sent">
          {error}
        </Notice>
      )}
      <div className="flex flex-wrap items-center gap-3">
        {state === "idle" && <Button onClick={startCamera}>Start camera</Button>}
        {state === "ready" && <Button onClick={record}>Record ({Math.round(script.reduce((s, x) => s + x.seconds, 0))} s)</Button>}
        {state === "recording" && <span className="text-sm font-medium text-red-700">● Recording — follow the prompts</span>}
        {state === "recording" && (
          <Button variant={allTurnsDone ? undefined : "secondary"} onClick={() => (stopRequested.current = true)}>
            {allTurnsDone ? "Done — stop and send" : "Stop and send"}
          </Button>
        )}
        {state === "uploading" && (
          <span className="text-sm text-zinc-700" role="status">
            Sending… {Math.round(progress * 100)}%
          </span>
        )}
      </div>
      <details className="text-sm text-zinc-700">
        <summary className="cursor-pointer">No camera here? Upload a recording instead</summary>
        <p className="mt-2">
          Record yourself following the steps above in this order (MP4, MOV or WebM, at most a minute), then choose the file.
        </p>
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

const FRAMING_COLOR = { ok: "#16a34a", none: "#f59e0b", many: "#dc2626", outside: "#f59e0b", small: "#f59e0b" } as const;

/**
 * The guide over the preview: an oval where the face should be, and the
 * detected face's box (green when fine). Drawn in the video's own pixels with
 * the same cover fit and mirror as the preview, so the box sits on the face.
 */
function FaceOverlay({ live }: { live: LiveFace }) {
  const { width, height } = live.frame!;
  const color = live.framing ? FRAMING_COLOR[live.framing] : "#a1a1aa";
  const b = live.box;
  return (
    <svg
      aria-hidden="true"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMid slice"
      className="pointer-events-none absolute inset-0 h-full w-full -scale-x-100"
    >
      <ellipse
        cx={width / 2}
        cy={height / 2}
        rx={height * 0.28}
        ry={height * 0.38}
        fill="none"
        stroke="white"
        strokeOpacity={0.6}
        strokeWidth={Math.max(2, width / 320)}
        strokeDasharray="12 8"
      />
      {b && (
        <rect
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          rx={b.width * 0.12}
          fill="none"
          stroke={color}
          strokeWidth={Math.max(3, width / 200)}
        />
      )}
    </svg>
  );
}

/** The guide's words: where the face is, and how many head turns are done (an aria-live region; never colour alone). */
function LiveGuideStatus({ live, ticked, total, recording }: { live: LiveFace; ticked: number; total: number; recording: boolean }) {
  if (live.status === "off") return <p className="text-xs text-zinc-500">{live.offReason}</p>;
  const ok = live.framing === "ok";
  return (
    <div
      aria-live="polite"
      data-live-guide={live.status}
      data-detect-ms={live.msPerFrame ?? undefined}
      className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm"
    >
      {live.status === "loading" ? (
        <span className="text-zinc-500">Starting the live face guide…</span>
      ) : (
        <span className={`font-medium ${ok ? "text-green-800" : "text-amber-800"}`}>
          {ok ? "✓ " : "! "}
          {live.framing ? FRAMING_TEXT[live.framing] : "Looking for your face…"}
        </span>
      )}
      {recording && live.status === "on" && total > 0 && (
        <span className="text-zinc-700">
          Head turns done: {ticked} of {total}
          {ticked >= total ? " — all done, you can stop" : ""}
        </span>
      )}
    </div>
  );
}
