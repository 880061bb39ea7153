import Link from "next/link";

/** The wordmark, linking home. */
export function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-zinc-900">
      <span className="grid size-7 place-items-center rounded-md bg-accent-600 text-sm font-bold text-white" aria-hidden="true">
        L
      </span>
      Likeness
    </Link>
  );
}
