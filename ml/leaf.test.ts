import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// ml/ is a leaf: the platform (lib/, app/) imports it, never the reverse, so
// the engine can run in a render worker without the web app's code.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("ml/ dependencies", () => {
  it("no file under ml/ imports from lib/, app/ or the @/ alias", () => {
    const root = import.meta.dirname;
    const offenders = sourceFiles(root).flatMap((file) => {
      const specs = [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
      return specs
        .filter((s) => s.startsWith("@/") || (s.startsWith(".") && !path.resolve(path.dirname(file), s).startsWith(root + path.sep)))
        .map((s) => `${path.relative(root, file)}: ${s}`);
    });
    expect(sourceFiles(root).length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
