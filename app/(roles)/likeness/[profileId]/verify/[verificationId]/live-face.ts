"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { headPose } from "@/ml/faces/head-pose";
import type { HeadTurnPrompt, PoseSample } from "@/ml/liveness/head-turns";
import {
  advanceLiveHeadTurns,
  faceFraming,
  startLiveHeadTurns,
  type FaceBox,
  type FaceFraming,
  type LiveHeadTurns,
} from "@/ml/liveness/live-guide";

// The live guide of the recording page: face-api's tiny face detector and the
// 68-point landmark net (the server's) run in the page on the camera's
// frames, a few times a second; the pose of each frame goes through the same
// rules as the server's check (ml/liveness/live-guide.ts). Loaded only once
// the camera runs (face-api with its bundled tfjs is a separate chunk), on
// WebGL, else tfjs's plain JavaScript backend: neither needs more than the
// page's CSP allows (no eval, no WebAssembly). When it cannot load or the
// browser is too slow, it switches itself off and the recorder works as before.

const MODEL_URL = "/api/face-models";
/** At most this often (about 6 frames a second), so the page and the recording stay smooth. */
const MIN_INTERVAL_MS = 160;
/** A detection slower than this (median of the first few, after the warm-up) is no live feedback: off. */
const TOO_SLOW_MS = 3000;
/** Input size of the tiny detector (multiple of 32): 320 finds a face at arm's length in a 640-1280 px frame. */
const DETECTOR_INPUT = 320;

type FaceApi = typeof import("@vladmandic/face-api");

export type LiveFace = {
  /** loading: models on their way; on: measuring; off: not available (offReason says why). */
  status: "loading" | "on" | "off";
  offReason: string | null;
  framing: FaceFraming | null;
  /** The face's box in the video's pixels, and the video's size. */
  box: FaceBox | null;
  frame: { width: number; height: number } | null;
  turns: LiveHeadTurns;
  /** The recording `turns` belong to (its LivePhase.startedAt), null before the first. */
  turnsOf: number | null;
  /** Median milliseconds per detection so far. */
  msPerFrame: number | null;
};

/** Where the recording is: the page's phase decides whether a pose is the resting pose or a turn. */
export type LivePhase = { recording: false } | { recording: true; startedAt: number; calibrating: boolean };

let loading: Promise<FaceApi> | undefined;

async function loadModels(): Promise<FaceApi> {
  loading ??= (async () => {
    const api = await import("@vladmandic/face-api");
    // The bundled tfjs is complete; face-api's types list only part of it.
    const tf = api.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
    // setBackend resolves false (or throws) when the backend cannot start here.
    const ok = (await tf.setBackend("webgl").catch(() => false)) || (await tf.setBackend("cpu").catch(() => false));
    if (!ok) throw new Error("no tfjs backend");
    await tf.ready();
    await Promise.all([api.nets.tinyFaceDetector.loadFromUri(MODEL_URL), api.nets.faceLandmark68Net.loadFromUri(MODEL_URL)]);
    return api;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

/**
 * Follows the face in `video` while `active`. `phase` (a ref, read on every
 * frame) says whether a recording runs and whether its phrase is on screen;
 * the head-turn state starts afresh with each recording.
 */
export function useLiveFace(
  video: RefObject<HTMLVideoElement | null>,
  active: boolean,
  prompts: readonly HeadTurnPrompt[],
  phase: RefObject<LivePhase>,
): LiveFace {
  const [live, setLive] = useState<LiveFace>(() => ({
    status: "loading",
    offReason: null,
    framing: null,
    box: null,
    frame: null,
    turns: startLiveHeadTurns(),
    turnsOf: null,
    msPerFrame: null,
  }));
  const turns = useRef<{ startedAt: number; state: LiveHeadTurns } | null>(null);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = (reason: string) => !stopped && setLive((l) => ({ ...l, status: "off", offReason: reason, framing: null, box: null }));
    const times: number[] = [];

    async function frame(api: FaceApi, options: InstanceType<FaceApi["TinyFaceDetectorOptions"]>) {
      if (stopped) return;
      const v = video.current;
      if (!v || v.readyState < 2 || !v.videoWidth) {
        timer = setTimeout(() => void frame(api, options), 250);
        return;
      }
      const t0 = performance.now();
      let found: Awaited<ReturnType<typeof detect>>;
      try {
        found = await detect(api, v, options);
      } catch {
        off("The live guide stopped working in this browser; record as usual, the prompts are timed.");
        return;
      }
      if (stopped) return;
      const ms = performance.now() - t0;
      times.push(ms);
      // The first detection compiles the WebGL programs: not counted.
      const measured = times.slice(1);
      if (measured.length >= 3 && median(measured) > TOO_SLOW_MS) {
        off("The live guide is off: this browser is too slow for it. Record as usual, the prompts are timed.");
        return;
      }
      const frameSize = { width: v.videoWidth, height: v.videoHeight };
      const boxes = found.map((f) => f.box);
      const framing = faceFraming(boxes, frameSize);
      const p = phase.current;
      if (p.recording) {
        if (turns.current?.startedAt !== p.startedAt) turns.current = { startedAt: p.startedAt, state: startLiveHeadTurns() };
        const t = (performance.now() - p.startedAt) / 1000;
        const pose = found.length === 1 ? headPose(found[0]!.landmarks) : null;
        const sample: PoseSample = pose ? { t, yaw: pose.yaw, pitch: pose.pitch } : { t, yaw: null, pitch: null };
        turns.current.state = advanceLiveHeadTurns(turns.current.state, sample, prompts, { calibrating: p.calibrating });
      }
      const turnState = turns.current?.state ?? startLiveHeadTurns();
      const turnsOf = turns.current?.startedAt ?? null;
      setLive({
        status: "on",
        offReason: null,
        framing,
        box: boxes.length === 1 ? boxes[0]! : null,
        frame: frameSize,
        turns: turnState,
        turnsOf,
        msPerFrame: Math.round(median(measured.length ? measured : times)),
      });
      // Skip frames when slow: wait as long as a detection takes, so it never takes more than half the page's time
      // (the first one, which compiles the WebGL programs, says nothing about that).
      const typical = measured.length ? median(measured) : 0;
      timer = setTimeout(() => void frame(api, options), Math.max(MIN_INTERVAL_MS - ms, typical));
    }

    loadModels().then(
      (api) => {
        if (stopped) return;
        void frame(api, new api.TinyFaceDetectorOptions({ inputSize: DETECTOR_INPUT, scoreThreshold: 0.4 }));
      },
      () => off("The live guide could not be loaded; record as usual, the prompts are timed."),
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, video, prompts, phase]);

  return live;
}

async function detect(api: FaceApi, v: HTMLVideoElement, options: InstanceType<FaceApi["TinyFaceDetectorOptions"]>) {
  const results = await api.detectAllFaces(v, options).withFaceLandmarks();
  return results.map((r) => {
    const b = r.detection.box;
    return {
      box: { x: b.x, y: b.y, width: b.width, height: b.height },
      landmarks: r.landmarks.positions.map((p) => [p.x, p.y] as [number, number]),
    };
  });
}
