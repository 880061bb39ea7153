// One answer for every decrypted file the platform serves (photos, previews,
// consent videos, documents): shown inline, never cached by the browser or a
// proxy (it was decrypted for this response only), and never type-sniffed
// (the type is the one sniffed from the content at upload).

export function privateFileResponse(bytes: Uint8Array, mimeType: string, opts: { fileName?: string } = {}): Response {
  const disposition = opts.fileName ? `inline; filename="${opts.fileName.replace(/[^\w.-]+/g, "_")}"` : "inline";
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mimeType,
      "Content-Length": String(bytes.length),
      "Cache-Control": "private, no-store, max-age=0",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": disposition,
    },
  });
}
