import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="border-t border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-zinc-500 sm:flex-row sm:justify-between sm:px-6">
        <p>Likeness — licensed face likeness, with consent on record.</p>
        <nav aria-label="Footer" className="flex gap-4">
          <Link href="/privacy/biometrics" className="hover:text-zinc-800">
            Biometric data
          </Link>
          <Link href="/verify" className="hover:text-zinc-800">
            Verify a file
          </Link>
        </nav>
      </div>
    </footer>
  );
}
