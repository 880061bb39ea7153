import { NextResponse } from "next/server";
import { publishedSigningKey } from "@/lib/outputs";
import { route } from "@/app/_lib/route-handler";

// The platform's public Ed25519 key, so anyone can check a manifest's signature
// without trusting the verify page: a JWK set (kid = key id in the manifest's
// signature) and the same key as PEM. Generated on first start, never in git.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async () =>
  NextResponse.json(publishedSigningKey(), { headers: { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } }),
);
