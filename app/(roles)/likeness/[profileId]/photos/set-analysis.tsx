import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { Notice } from "@/app/_components/notice";
import { Spinner } from "@/app/_components/spinner";
import type { LikenessSetAnalysis } from "@/lib/likeness-analysis/likeness-set-report";

// The grid's cells in words for screen readers (the picture labels them the same way).
const YAW_WORDS: Record<string, string> = {
  "right profile": "right profile (45–90°)",
  right: "turned right (15–45°)",
  frontal: "facing the camera",
  left: "turned left (15–45°)",
  "left profile": "left profile (45–90°)",
};

/** The likeness set report: how many photos are usable, who may be someone else, which head poses are missing, and what to do. */
export function SetAnalysis({ analysis, photoNames }: { analysis: LikenessSetAnalysis; photoNames: Map<string, string> }) {
  const { report, pending, failed, total } = analysis;
  const usable = report?.usableCount ?? 0;
  const recommended = report?.recommendedCount ?? 300;
  const outlierNames = analysis.photos
    .filter((p) => p.image?.issues.some((i) => i.code === "possibly-another-person"))
    .map((p) => photoNames.get(p.assetId) ?? p.image!.name);

  return (
    <Card
      title="Set analysis"
      description="Each photo is checked for a single, sharp, large enough face and its head pose; the set for one identity and pose coverage."
    >
      <div className="space-y-6">
        <div className="space-y-2" aria-live="polite">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <p className="text-2xl font-semibold text-zinc-900">
              {usable}{" "}
              <span className="text-base font-normal text-zinc-600">
                usable of {total} {total === 1 ? "photo" : "photos"}
              </span>
            </p>
            <p className="text-sm text-zinc-600">about {recommended} recommended for a good result</p>
          </div>
          <div
            className="h-2 w-full overflow-hidden rounded-full bg-zinc-100"
            role="progressbar"
            aria-label="Usable photos against the recommended number"
            aria-valuemin={0}
            aria-valuemax={recommended}
            aria-valuenow={Math.min(usable, recommended)}
          >
            <div className="h-full rounded-full bg-emerald-500" style={{ width: `${Math.min(100, (usable / recommended) * 100)}%` }} />
          </div>
          <div className="flex flex-wrap gap-2">
            {pending > 0 && (
              <span className="inline-flex items-center gap-1.5 text-sm text-zinc-700">
                <Spinner className="size-3.5" /> Analyzing {pending} {pending === 1 ? "photo" : "photos"}…
              </span>
            )}
            {failed > 0 && <Badge tone="danger">{failed} could not be analyzed</Badge>}
          </div>
        </div>

        {outlierNames.length > 0 && (
          <Notice
            tone="warning"
            title={
              outlierNames.length === 1 ? "One photo may show another person" : `${outlierNames.length} photos may show another person`
            }
          >
            <p>These faces differ from the rest of the set. Remove any that are not you:</p>
            <ul className="mt-1 list-disc pl-5">
              {outlierNames.map((n, i) => (
                <li key={`${n}-${i}`} className="break-all">
                  {n}
                </li>
              ))}
            </ul>
          </Notice>
        )}

        {report ? (
          <div className="grid gap-6 lg:grid-cols-[auto_1fr]">
            <figure className="space-y-2">
              <h3 className="text-sm font-semibold text-zinc-900">Pose coverage</h3>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data URL computed per request */}
              <img
                src={`data:image/png;base64,${report.poseGrid.pngBase64}`}
                alt={poseGridAlt(report.poseGrid)}
                width={618}
                height={384}
                className="h-auto w-full max-w-[618px] rounded border border-zinc-200"
              />
              <figcaption className="max-w-[618px] text-xs text-zinc-600">
                Usable photos per head pose. Red: none, amber: fewer than 10, green: 10 or more. Swaps of poses the set lacks come out
                blurry.
              </figcaption>
            </figure>
            <div>
              <h3 className="text-sm font-semibold text-zinc-900">What to do next</h3>
              {report.advice.length === 0 ? (
                <p className="mt-2 text-sm text-zinc-700">The set is complete: enough sharp photos of one person, from every angle.</p>
              ) : (
                <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-zinc-700">
                  {report.advice.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        ) : (
          pending > 0 && <p className="text-sm text-zinc-600">The pose coverage and advice appear when the first photo is analyzed.</p>
        )}
      </div>
    </Card>
  );
}

/** The grid in words, for screen readers. */
function poseGridAlt(grid: { yawBins: string[]; pitchBins: string[]; counts: number[][] }): string {
  const cells = grid.counts.flatMap((row, r) =>
    row.map((n, c) => `${grid.pitchBins[r]}, ${YAW_WORDS[grid.yawBins[c]!] ?? grid.yawBins[c]}: ${n}`),
  );
  return `Pose coverage grid, usable photos per pose. ${cells.join("; ")}.`;
}
