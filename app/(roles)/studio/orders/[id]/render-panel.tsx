"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { cx } from "@/app/_lib/cx";
import type { TApiOrderDetail, TApiRender, TApiRenderLogLine } from "@/lib/api/types";

// The render of an order as the studio watches it: overall progress and time
// left, each stage, the latest converted frame, the log and the attempts. While
// the order is rendering it polls GET /api/v1/orders/{id} every 1.5 s (the state
// lives on the server, so a reload picks up where it was) and stops as soon as
// the order moves on, refreshing the page for what comes next (review,
// delivery, failure).

const POLL_MS = 1500;
const LOG_LINES = 60;

type Props = { initial: TApiOrderDetail };

export function RenderPanel({ initial }: Props) {
  const router = useRouter();
  const [order, setOrder] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const orderId = initial.id;
  const pollsAtStart = initial.status === "rendering";

  useEffect(() => {
    if (!pollsAtStart) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const schedule = (ms: number) => {
      if (!stopped) timer = setTimeout(tick, ms);
    };
    async function tick() {
      // A background tab need not poll; it catches up when shown again.
      if (document.visibilityState === "hidden") return schedule(POLL_MS);
      try {
        const res = await fetch(`/api/v1/orders/${encodeURIComponent(orderId)}`, {
          credentials: "same-origin",
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        if (res.status === 401) {
          setProblem("Your session has ended. Sign in again to keep watching the render.");
          return;
        }
        if (res.status === 404) {
          setProblem("This order is no longer available to your account.");
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const next = (await res.json()) as TApiOrderDetail;
        if (stopped) return;
        failures = 0;
        setProblem(null);
        setOrder(next);
        if (next.status !== "rendering") {
          // Done polling: the page shows what comes next (review, delivery, failure).
          router.refresh();
          return;
        }
        schedule(POLL_MS);
      } catch {
        if (stopped) return;
        failures += 1;
        setProblem("Lost contact with the server; trying again…");
        schedule(Math.min(POLL_MS * 2 ** failures, 15_000));
      }
    }
    schedule(POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [orderId, pollsAtStart, router]);

  const live = order.status === "rendering";
  const render = order.render;
  return (
    <section aria-labelledby="render-title" className="rounded-lg border border-zinc-200 bg-white shadow-sm">
      <div className="flex flex-col gap-1 border-b border-zinc-100 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
        <h2 id="render-title" className="text-base font-semibold text-zinc-900">
          {render && render.number > 1 ? `Render ${render.number}` : "Render"}
        </h2>
        <p className="text-sm text-zinc-600" aria-live="polite">
          {live && <span className="mr-2 inline-block size-2 animate-pulse rounded-full bg-accent-500 align-middle" aria-hidden="true" />}
          {statusLine(order.status, render)}
        </p>
      </div>
      <div className="space-y-5 px-5 py-4">
        {problem && (
          <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {problem}
          </p>
        )}
        {render ? (
          <RenderBody render={render} log={order.log} live={live} />
        ) : (
          <p className="text-sm text-zinc-600">The render is being queued; it appears here in a moment.</p>
        )}
      </div>
    </section>
  );
}

function RenderBody({ render, log, live }: { render: TApiRender; log: TApiRenderLogLine[]; live: boolean }) {
  const percent = Math.floor(Math.min(1, Math.max(0, render.progress)) * 100);
  const eta = live ? etaText(render) : null;
  const attemptFailed = render.error !== null;
  return (
    <>
      <div>
        <div className="mb-1.5 flex items-baseline justify-between gap-3 text-sm">
          <span className="font-medium text-zinc-900" id="overall-progress-label">
            Overall progress
          </span>
          <span className="tabular-nums text-zinc-700">
            <span data-testid="render-percent">{percent} %</span>
            {eta && <span className="text-zinc-500"> · {eta}</span>}
          </span>
        </div>
        <Bar
          percent={percent}
          label="Overall render progress"
          valueText={eta ? `${percent} %, ${eta}` : `${percent} %`}
          tone={render.status === "failed" ? "danger" : render.status === "succeeded" ? "success" : "accent"}
          size="lg"
        />
        <p className="mt-2 text-sm text-zinc-600" data-testid="render-attempts">
          {render.attempts > 0 ? `Attempt ${render.attempts} of ${render.maxAttempts}` : "Not started yet"}
        </p>
      </div>
      {attemptFailed && (
        // While rendering, a failed attempt is news (announced); afterwards the page's own notice says it.
        <div
          role={live ? "status" : undefined}
          className={cx(
            "rounded-md border px-3 py-2 text-sm",
            live ? "border-amber-200 bg-amber-50 text-amber-900" : "border-red-200 bg-red-50 text-red-800",
          )}
        >
          <p className="font-medium">
            {!live
              ? `Attempt ${render.attempts} of ${render.maxAttempts} failed:`
              : render.status === "queued"
                ? `Attempt ${render.attempts} failed; it will be tried again.`
                : `An earlier attempt failed; this is attempt ${render.attempts}.`}
          </p>
          <p className="mt-0.5">{render.error}</p>
        </div>
      )}
      <div className="grid gap-5 lg:grid-cols-5">
        <ol aria-label="Render stages" className="space-y-2.5 lg:col-span-3">
          {render.stages.map((s) => {
            const stagePercent = Math.floor(s.fraction * 100);
            const state =
              s.fraction >= 1 || s.finishedAt
                ? "done"
                : s.startedAt || s.stage === render.stage
                  ? live
                    ? "in progress"
                    : "stopped"
                  : "waiting";
            return (
              <li
                key={s.stage}
                aria-label={`${s.label}: ${state}`}
                className="grid grid-cols-[minmax(0,1fr)_3.5rem_4.75rem] items-center gap-2 text-sm sm:grid-cols-[minmax(0,1fr)_6rem_5.5rem] sm:gap-3"
              >
                <span className={cx("min-w-0", state === "waiting" ? "text-zinc-500" : "text-zinc-900")}>{s.label}</span>
                <Bar
                  percent={stagePercent}
                  label={`${s.label} progress`}
                  valueText={`${stagePercent} %`}
                  tone={state === "done" ? "success" : "accent"}
                  size="sm"
                />
                <span
                  className={cx(
                    "text-right text-xs",
                    state === "done" ? "text-emerald-700" : state === "in progress" ? "font-medium text-accent-700" : "text-zinc-500",
                  )}
                >
                  {state}
                </span>
              </li>
            );
          })}
        </ol>
        <figure className="lg:col-span-2">
          {render.previewUrl ? (
            // A plain <img>: a private, uncached frame whose URL changes as the render moves on.
            // eslint-disable-next-line @next/next/no-img-element
            <img
              src={render.previewUrl}
              alt="Latest converted frame of the render"
              className="w-full rounded-md border border-zinc-200 bg-zinc-100 object-contain"
            />
          ) : (
            <div className="flex aspect-video w-full items-center justify-center rounded-md border border-dashed border-zinc-300 bg-zinc-50 px-4 text-center text-xs text-zinc-500">
              {live ? "The first converted frame appears here once conversion starts." : "No converted frame was kept for this render."}
            </div>
          )}
          {render.previewUrl && (
            <figcaption className="mt-1.5 text-xs text-zinc-500">
              Latest converted frame (the delivered output also carries the disclosure and watermark)
            </figcaption>
          )}
        </figure>
      </div>
      <RenderLog lines={log} live={live} />
    </>
  );
}

function RenderLog({ lines, live }: { lines: TApiRenderLogLine[]; live: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const shown = lines.slice(-LOG_LINES);
  const lastId = shown.at(-1)?.id;
  useEffect(() => {
    // Keep the newest line in view unless the person scrolled up to read.
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lastId]);
  return (
    <div>
      <h3 className="mb-1.5 text-sm font-medium text-zinc-900">Log</h3>
      {shown.length === 0 ? (
        <p className="text-sm text-zinc-500">{live ? "No log lines yet." : "This render wrote no log lines."}</p>
      ) : (
        <div
          ref={box}
          role="log"
          aria-label="Render log"
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
          className="max-h-64 overflow-y-auto rounded-md bg-zinc-900 p-3 font-mono text-xs leading-relaxed text-zinc-100"
        >
          {shown.map((l) => (
            <p
              key={l.id}
              data-level={l.level}
              className={cx(
                "whitespace-pre-wrap break-words",
                l.level === "error" ? "text-red-300" : l.level === "warn" ? "text-amber-200" : undefined,
              )}
            >
              <time dateTime={l.at} className="text-zinc-400">
                {l.at.slice(11, 19)}
              </time>{" "}
              <span className="text-zinc-400">[{l.stage}]</span>{" "}
              {l.level !== "info" && <strong className="font-semibold">{l.level.toUpperCase()} </strong>}
              {l.message}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

const BAR_TONES = { accent: "bg-accent-600", success: "bg-emerald-500", danger: "bg-red-500" } as const;

function Bar({
  percent,
  label,
  valueText,
  tone,
  size,
}: {
  percent: number;
  label: string;
  valueText: string;
  tone: keyof typeof BAR_TONES;
  size: "sm" | "lg";
}) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      className={cx("w-full overflow-hidden rounded-full bg-zinc-200", size === "lg" ? "h-3" : "h-1.5")}
    >
      <div
        className={cx("h-full rounded-full transition-[width] duration-700 ease-out", BAR_TONES[tone])}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}

function statusLine(orderStatus: string, render: TApiRender | null): string {
  if (!render) return orderStatus === "rendering" ? "Queued" : "";
  const stage = render.stages.find((s) => s.stage === render.stage)?.label;
  switch (render.status) {
    case "queued":
      return render.attempts > 0 ? "Waiting to try again…" : "Waiting for a render worker…";
    case "running":
      return stage ? `${stage}…` : "Starting…";
    case "succeeded":
      return "Finished";
    case "failed":
      return stage ? `Failed during “${stage}”` : "Failed";
    case "cancelled":
      return "Stopped";
  }
}

/** "about 2 min left" from the server's estimate; null when there is none yet. */
export function etaText(render: Pick<TApiRender, "etaSeconds" | "status">): string | null {
  if (render.status !== "running") return null;
  const s = render.etaSeconds;
  if (s === null) return "estimating time left…";
  if (s < 45) return "less than a minute left";
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h left` : `about ${h} h ${m} min left`;
}
