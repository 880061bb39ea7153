import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZCreateRequest } from "@/lib/requests/types";
import { API_ROUTES, buildOpenApiDocument, inputSchema } from "./openapi";
import { ZOffersQuery, ZRequestsQuery, ZUploadForm } from "./types";

const V1 = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route handler under app/api/v1 as "METHOD /api/v1/path/{param}". */
function handlerRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!name.startsWith("_")) walk(full);
      } else if (name === "route.ts") {
        const rel = path
          .relative(V1, dir)
          .split(path.sep)
          .map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))
          .join("/");
        const source = readFileSync(full, "utf8");
        for (const [, method] of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
          out.push(`${method} /api/v1/${rel}`);
        }
      }
    }
  };
  walk(V1);
  return out.sort();
}

// The document is walked freely below; its shape is checked by the assertions, not the types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = ReturnType<typeof buildOpenApiDocument> & { paths: Record<string, Record<string, any>> };

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument({ serverUrl: "http://localhost:3000" }) as Doc;

  it("is OpenAPI 3.1 with the API key scheme", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists every route handler under app/api/v1, and nothing else", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(handlerRoutes());
    expect(documented.length).toBe(API_ROUTES.length);
  });

  it("describes request bodies and query parameters with the handlers' own Zod schemas", () => {
    const create = doc.paths["/api/v1/requests"]!.post;
    expect(create.requestBody.content["application/json"].schema).toEqual(inputSchema(ZCreateRequest));
    const bodySchema = create.requestBody.content["application/json"].schema;
    expect(bodySchema.required).toEqual(
      expect.arrayContaining([
        "offerId",
        "title",
        "category",
        "territories",
        "channels",
        "campaignStart",
        "campaignEnd",
        "outputSeconds",
        "intendedUse",
      ]),
    );
    expect(bodySchema.properties.campaignStart).toMatchObject({ type: "string", format: "date-time" });
    expect(bodySchema.properties.category.enum).toContain("advertising");

    expect(doc.paths["/api/v1/uploads"]!.post.requestBody.content["multipart/form-data"].schema).toEqual(inputSchema(ZUploadForm));

    const names = (p: string) =>
      doc.paths[p]!.get.parameters.filter((x: { in: string }) => x.in === "query").map((x: { name: string }) => x.name);
    expect(names("/api/v1/offers")).toEqual(Object.keys(ZOffersQuery.shape));
    expect(names("/api/v1/requests")).toEqual(Object.keys(ZRequestsQuery.shape));
  });

  it("resolves every $ref to a component schema", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref);
  });

  it("never documents internal fields in responses", () => {
    const text = JSON.stringify(doc.components.schemas);
    for (const secret of ["blobKey", "wrappedDataKey", "secretHash", "passwordHash", "createdById"]) expect(text).not.toContain(secret);
  });
});
