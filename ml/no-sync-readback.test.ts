import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The engine's tensors may live on webgpu, whose synchronous readback needs
// OffscreenCanvas, which Node lacks (dataSync there throws a ReferenceError),
// and images enter from sharp/ffmpeg buffers, never through tfjs's browser
// helpers. So engine code reads tensors back only with await data()/array().
// Tests may read synchronously: they pin their tensors to cpu or wasm.
function engineSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? engineSources(p) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("ml/ tensor readback", () => {
  it("no engine file reads a tensor synchronously or uses tf.browser", () => {
    const root = import.meta.dirname;
    const files = engineSources(root);
    const offenders = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          /\.(dataSync|arraySync|bufferSync)\s*\(|\btf\.browser\./.test(line) && !/^\s*(\/\/|\*)/.test(line)
            ? [`${path.relative(root, file)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
