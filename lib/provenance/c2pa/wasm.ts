import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as c2pa from "@contentauth/c2pa-wasm";

// The C2PA project's own library (c2pa-rs) compiled to WebAssembly:
// @contentauth/c2pa-wasm. The native Node binding (@contentauth/c2pa-node)
// does not install offline (see lib/provenance/README.md). The 9 MB module is
// compiled once per process, synchronously, from the package's own file.
let ready = false;

export function c2paWasm(): typeof c2pa {
  if (!ready) {
    // Resolved from the project root: import.meta.url is not a file once Next.js bundles this module.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const file = require.resolve("@contentauth/c2pa-wasm/c2pa.wasm");
    c2pa.initSync({ module: readFileSync(file) });
    ready = true;
  }
  return c2pa;
}

/**
 * The builder reads its source asset through the browser's `Blob.slice` and
 * `FileReaderSync.readAsArrayBuffer` (a Web Worker API Node does not have),
 * duck-typed by the wasm-bindgen glue. A `BytesBlob` wraps a Buffer with the
 * same two calls, and the FileReaderSync below reads it synchronously; it
 * is installed only when the global is missing and reads nothing else.
 */
export class BytesBlob {
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  slice(start = 0, end = this.bytes.length): BytesBlob {
    return new BytesBlob(this.bytes.subarray(start, end));
  }
}

class BytesFileReaderSync {
  readAsArrayBuffer(blob: unknown): ArrayBuffer {
    if (!(blob instanceof BytesBlob)) throw new TypeError("this FileReaderSync reads only BytesBlob");
    const { bytes } = blob;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

/** `bytes` as the Blob argument the builder's sign() expects. */
export function asBlob(bytes: Uint8Array): Blob {
  const g = globalThis as { FileReaderSync?: unknown };
  g.FileReaderSync ??= BytesFileReaderSync;
  return new BytesBlob(bytes) as unknown as Blob;
}
