import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document of the studio API (public). */
export function GET(req: Request) {
  return NextResponse.json(buildOpenApiDocument({ serverUrl: new URL(req.url).origin }));
}
