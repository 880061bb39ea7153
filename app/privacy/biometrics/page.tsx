import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { retentionDays } from "@/lib/config";

export const metadata: Metadata = {
  title: "Biometric data",
  description: "What biometric data Likeness keeps, why, for how long, and when it is destroyed.",
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-zinc-200 pt-6">
      <h2 className="text-lg font-semibold text-zinc-900">{title}</h2>
      <div className="mt-2 space-y-3 text-zinc-700">{children}</div>
    </section>
  );
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

export default async function BiometricsPolicyPage() {
  // The periods come from the running configuration, so this page always states
  // the schedule the hourly job actually enforces.
  await connection();
  const retention = retentionDays();
  return (
    <article className="mx-auto max-w-3xl space-y-6 text-[15px] leading-7">
      <header>
        <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Privacy</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900">Your biometric data</h1>
        <p className="mt-3 text-zinc-600">
          A face is biometric data: it identifies you, and you cannot change it. This page says what Likeness keeps, why, for how long, and
          how it is destroyed. The schedule below is carried out by an automatic job, not only promised here.
        </p>
      </header>

      <Section title="What we keep">
        <ul className="list-disc space-y-2 pl-5">
          <li>
            <strong>Reference photos</strong> that a talent (or their agent or estate) uploads as a likeness set.
          </li>
          <li>
            <strong>Face descriptors and landmarks</strong> derived from those photos: numbers describing the shape and position of facial
            features, used to check photo quality and to align faces.
          </li>
          <li>
            <strong>Trained face models</strong>: the model weights learned from a likeness set to render licensed face swaps: one base
            model per likeness set (trained beside a few public-domain photos of other people, never another talent’s photos) and one
            training checkpoint per rendered order. Each is encrypted with the profile’s key, listed on the likeness set’s page, and
            destroyed with the likeness set.
          </li>
          <li>
            <strong>Target footage</strong> that studios upload, which shows their own performers’ faces, together with the release those
            performers signed.
          </li>
        </ul>
      </Section>

      <Section title="Why we keep it">
        <p>
          Only to produce the face swaps that a talent has licensed, and to check that each one stays within that license. We do not use
          anyone’s face to train models for other people, sell it, or use it to identify people.
        </p>
        <p>
          Nothing is used without a signed consent record: a separate document, shown in full, that lists the uses allowed. A talent can
          revoke it at any time.
        </p>
      </Section>

      <Section title="How it is protected">
        <p>
          Files are stored outside the website and encrypted. Each likeness profile has its own data key, and that key is itself encrypted
          with a platform master key. Destroying a profile’s data key makes every file encrypted with it unreadable at once — including
          copies in backups. This is called <em>crypto-shredding</em>, and it is how destruction reaches data we cannot reach file by file.
        </p>
      </Section>

      <Section title="How long we keep it, and when it is destroyed">
        <ul className="list-disc space-y-2 pl-5">
          <li>
            <strong>When a talent revokes consent and asks for their data to be destroyed:</strong> immediately. The profile’s data key is
            destroyed, then the photos, descriptors, landmarks and trained models are deleted.
          </li>
          <li>
            <strong>When consent ends otherwise</strong> (it is revoked without that request, or it expires):{" "}
            {days(retention.afterConsentEnds)} after it ends, unless a new consent is signed in the meantime. The delay lets a talent renew
            without uploading everything again.
          </li>
          <li>
            <strong>Studio target footage and releases:</strong> {days(retention.footageAfterClose)} after the request they belong to is
            closed (rejected, withdrawn, revoked or completed).
          </li>
        </ul>
        <p>
          A job runs every hour, finds everything past its date, destroys it and records each destruction in the audit log. Outputs already
          delivered to a studio under a valid license are the studio’s; if the license is revoked, they are marked revoked, and anyone
          checking them on the{" "}
          <Link href="/verify" className="font-medium text-accent-700 hover:underline">
            verification page
          </Link>{" "}
          is told so.
        </p>
      </Section>

      <Section title="Your choices">
        <p>
          Talent and estates can revoke consent, or a single license, from their profile page at any time, and choose there whether their
          biometric data should be destroyed at once. Open requests are rejected with that reason and the catalog stops showing the offer.
        </p>
      </Section>
    </article>
  );
}
