import Link from "next/link";
import { PROHIBITED_USE_LABELS, PROHIBITED_USES } from "@/lib/licensing/vocabulary";
import { ButtonLink } from "./_components/button";

const STEPS = [
  {
    title: "Consent, signed on its own",
    text: "Talent read and sign a consent document that names exactly which uses are allowed. It can be revoked at any time.",
  },
  {
    title: "Licenses with hard limits",
    text: "Each offer sets categories, territories, channels, term, render quota and price. Some uses are never allowed.",
  },
  {
    title: "Every request checked",
    text: "A policy engine checks each studio request against consent and license, and lists every reason when it says no.",
  },
  {
    title: "A record that cannot be quietly edited",
    text: "Every change is written to a hash-chained audit log; an edited or deleted entry is detected.",
  },
];

const NEVER = PROHIBITED_USES.map((u) => PROHIBITED_USE_LABELS[u]);

export default function LandingPage() {
  return (
    <div className="space-y-16 py-4">
      <section className="grid items-center gap-10 lg:grid-cols-2">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Face likeness, licensed</p>
          <h1 className="mt-3 text-4xl font-semibold tracking-tight text-zinc-900 sm:text-5xl">
            Use a face only with its owner’s consent, on its owner’s terms.
          </h1>
          <p className="mt-4 max-w-xl text-lg text-zinc-600">
            Likeness is where talent, their agents and estates license a face likeness, and where ad studios and producers order face swaps
            that the license allows — with the consent, the decision and every render on record.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <ButtonLink href="/sign-up" variant="primary">
              Create an account
            </ButtonLink>
            <ButtonLink href="/sign-in">Sign in</ButtonLink>
          </div>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
            <h2 className="font-semibold text-zinc-900">For talent, agents and estates</h2>
            <ul className="mt-3 space-y-2 text-sm text-zinc-600">
              <li>Sign consent once, in full, and revoke it whenever you choose.</li>
              <li>Publish offers with your own exclusions and prices.</li>
              <li>Approve or reject each request, or let an offer approve automatically.</li>
              <li>Agents act for their roster; estates act for a talent who has died.</li>
            </ul>
            <Link href="/sign-up?role=talent" className="mt-4 inline-block text-sm font-medium text-accent-700 hover:underline">
              Join as talent →
            </Link>
          </div>
          <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
            <h2 className="font-semibold text-zinc-900">For studios</h2>
            <ul className="mt-3 space-y-2 text-sm text-zinc-600">
              <li>Browse only talent with active consent and an open offer.</li>
              <li>Know at once whether a request fits the license, and why not.</li>
              <li>Every output carries a disclosure and a watermark tied to its license.</li>
              <li>A REST API with revocable keys for your pipeline.</li>
            </ul>
            <Link href="/sign-up?role=studio" className="mt-4 inline-block text-sm font-medium text-accent-700 hover:underline">
              Join as a studio →
            </Link>
          </div>
        </div>
      </section>

      <section>
        <h2 className="text-xl font-semibold tracking-tight">How it works</h2>
        <ol className="mt-5 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {STEPS.map((s, i) => (
            <li key={s.title} className="rounded-lg border border-zinc-200 bg-white p-5">
              <span className="text-sm font-semibold text-accent-700">{i + 1}</span>
              <h3 className="mt-1 font-medium text-zinc-900">{s.title}</h3>
              <p className="mt-1 text-sm text-zinc-600">{s.text}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="grid gap-6 lg:grid-cols-3">
        <div className="rounded-lg border border-zinc-200 bg-white p-6 lg:col-span-1">
          <h2 className="font-semibold text-zinc-900">Never allowed, whatever a license says</h2>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-zinc-600">
            {NEVER.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-6">
          <h2 className="font-semibold text-zinc-900">Your biometric data</h2>
          <p className="mt-2 text-sm text-zinc-600">What we keep, why, for how long, and how it is destroyed — in plain English.</p>
          <Link href="/privacy/biometrics" className="mt-3 inline-block text-sm font-medium text-accent-700 hover:underline">
            Read the biometric data policy →
          </Link>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-6">
          <h2 className="font-semibold text-zinc-900">Saw a face swap? Check it.</h2>
          <p className="mt-2 text-sm text-zinc-600">
            Anyone can upload a file to see whether it was made under a license, and whether that license is still valid.
          </p>
          <Link href="/verify" className="mt-3 inline-block text-sm font-medium text-accent-700 hover:underline">
            Verify a file →
          </Link>
        </div>
      </section>
    </div>
  );
}
