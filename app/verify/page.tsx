import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = {
  title: "Verify a file",
  description: "Check whether an image or video is a licensed Likeness output, and whether its license is still valid.",
};

// Public, no sign-in. ?code=XXXX-XXXX-XXXX-XX (a link from the disclosure's
// verify code) checks that code at once.
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { code } = await searchParams;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Verify a file"
        description="Upload an image or video, or paste the verify code printed on it. We look for the invisible Likeness watermark, check the signed provenance record, and tell you whether the license is valid right now."
      />
      <VerifyForm initialCode={typeof code === "string" ? code.slice(0, 64) : ""} />
      <p className="mt-8 text-xs text-zinc-500">
        Records are signed with the platform key published at{" "}
        <a className="underline hover:text-zinc-800" href="/.well-known/likeness-signing-key.json">
          /.well-known/likeness-signing-key.json
        </a>
        . Programs can use <code className="font-mono">POST /api/v1/verify</code> (a multipart <code className="font-mono">file</code>, or
        JSON <code className="font-mono">{'{"code": "…"}'}</code>).
      </p>
    </div>
  );
}
