import Link from "next/link";
import { cx } from "@/app/_lib/cx";

export type Step = { label: string; done: boolean; href: string; detail?: string };

/** A checklist of what comes next; the first step not done is the one to do now. */
export function NextSteps({ steps, title = "Next steps" }: { steps: Step[]; title?: string }) {
  const current = steps.findIndex((s) => !s.done);
  return (
    <section aria-labelledby="next-steps-heading" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
      <h2 id="next-steps-heading" className="text-base font-semibold text-zinc-900">
        {title}
      </h2>
      <ol className="mt-3 space-y-2">
        {steps.map((s, i) => (
          <li key={s.label} className="flex items-start gap-3 text-sm">
            <span
              aria-hidden="true"
              className={cx(
                "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                s.done ? "bg-emerald-100 text-emerald-800" : i === current ? "bg-accent-600 text-white" : "bg-zinc-100 text-zinc-500",
              )}
            >
              {s.done ? "✓" : i + 1}
            </span>
            <span>
              {s.done ? (
                <span className="text-zinc-600">
                  {s.label} <span className="sr-only">(done)</span>
                </span>
              ) : (
                <Link
                  href={s.href}
                  className={cx(
                    "font-medium",
                    i === current ? "text-accent-700 hover:text-accent-900" : "text-zinc-800 hover:text-zinc-950",
                  )}
                >
                  {s.label}
                </Link>
              )}
              {s.detail && <span className="block text-zinc-500">{s.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
