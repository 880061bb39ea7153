import { AutoRefresh } from "@/app/_components/auto-refresh";
import { DateTime } from "@/app/_components/date-time";
import { Notice } from "@/app/_components/notice";
import { Spinner } from "@/app/_components/spinner";
import type { VerificationView } from "@/lib/identity/verification-status";

const TURN_TEXT: Record<string, string> = { left: "turned left", right: "turned right", up: "looked up" };

/** One attempt's state as the talent sees it: checking (refreshes itself), verified, rejected with reasons, or in review. */
export function VerificationOutcome({ v }: { v: VerificationView }) {
  const measured = v.report && (
    <p className="mt-2 text-xs text-zinc-600">
      Checked {v.report.framesExamined} frames of {v.report.durationSeconds.toFixed(1)} s: your face {v.report.medianFaceSize} px wide
      {v.report.turnsDone.length
        ? `; you ${v.report.turnsDone.map((t) => TURN_TEXT[t.prompt] ?? t.prompt).join(", then ")}`
        : "; no head turn was seen"}
      {v.report.distance !== null ? `; match with your photos ${v.report.distance.toFixed(2)} (lower is closer)` : ""}.
    </p>
  );
  switch (v.status) {
    case "analysing":
      return (
        <p className="flex items-center gap-2 text-sm text-zinc-700" role="status">
          <Spinner /> Checking your video… This takes about half a minute.
          <AutoRefresh everyMs={2000} />
        </p>
      );
    case "verified":
      return (
        <Notice tone="success" title="Verified: it's you">
          {v.reviewedAt ? (
            <>
              Confirmed by our review team on <DateTime value={v.reviewedAt} withTime />. {v.reviewReason}
            </>
          ) : (
            "Your video matched your likeness set and followed the prompts."
          )}
          {measured}
        </Notice>
      );
    case "review":
      return (
        <Notice tone="warning" title="A person will look at your video">
          <ul className="list-disc space-y-1 pl-5">
            {v.reasons.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
          <p className="mt-2">You will see the decision here, usually within a working day.</p>
          {measured}
        </Notice>
      );
    case "rejected":
      return (
        <Notice tone="danger" title="Not verified">
          {v.reviewReason && <p>Our review team: {v.reviewReason}</p>}
          <ul className="list-disc space-y-1 pl-5">
            {v.reasons.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
          {measured}
          <p className="mt-2">You can record again.</p>
        </Notice>
      );
    case "expired":
      return (
        <Notice tone="neutral" title="Not recorded">
          That challenge expired before a video was sent.
        </Notice>
      );
    case "awaiting_video":
      return (
        <Notice tone="neutral" title="Waiting for your recording">
          Record the video on the recording page before <DateTime value={v.expiresAt} withTime />.
        </Notice>
      );
  }
}
