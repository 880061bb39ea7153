// Measures the C2PA embed (sign + write) and read (parse + validate) per
// format with the C2PA library's WASM build, on realistic delivered sizes:
// a 1920x1080 JPEG and PNG, 5 s MP4 clips at 720p and 1080p. Signed under a
// throw-away test CA. Usage: npx tsx scripts/bench-c2pa.ts [runs]
import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { embedC2pa, issueSigningChain, readC2pa, type C2paFormat } from "@/lib/provenance/c2pa";
import { certificatesFromPem } from "@/lib/provenance/c2pa/cose";
import { c2paWasm } from "@/lib/provenance/c2pa/wasm";

const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), "likeness-bench-c2pa-"));
const ffmpeg = process.env.FFMPEG_PATH || "ffmpeg";
const chain = issueSigningChain({ organization: "Bench CA" });
const creds = {
  privateKey: createPrivateKey(chain.leafKeyPem),
  chain: certificatesFromPem(chain.chainPem),
  trustAnchorsPem: chain.rootPem,
  source: "environment" as const,
};
const info = { licenseId: "offer_bench", verifyCode: "028T-5CY4-TQKF-FA", payloadHex: "0123456789abcdef", createdAt: new Date() };

function clip(height: number): Buffer {
  const file = path.join(dir, `clip${height}.mp4`);
  const width = Math.round((height * 16) / 9 / 2) * 2;
  execFileSync(ffmpeg, [
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${width}x${height}:rate=24`,
    "-t",
    "5",
    "-c:v",
    "libx264",
    "-crf",
    "23",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    file,
  ]);
  return readFileSync(file);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

const t0 = performance.now();
c2paWasm();
console.log(`WASM module compiled and instantiated in ${(performance.now() - t0).toFixed(0)} ms (once per process)`);
const noise = await sharp({
  create: { width: 1920, height: 1080, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } },
})
  .png()
  .toBuffer();
const cases: Array<[string, C2paFormat, Buffer]> = [
  ["JPEG 1920x1080 q90", "image/jpeg", await sharp(noise).jpeg({ quality: 90 }).toBuffer()],
  ["PNG 1920x1080", "image/png", noise],
  ["MP4 5 s 1280x720", "video/mp4", clip(720)],
  ["MP4 5 s 1920x1080", "video/mp4", clip(1080)],
];
console.log(`| file | size | manifest adds | embed (median of ${runs}) | read + validate |`);
console.log("| --- | --- | --- | --- | --- |");
for (const [name, mime, bytes] of cases) {
  const embed: number[] = [];
  const read: number[] = [];
  let signed: Buffer = Buffer.alloc(0);
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    signed = await embedC2pa(bytes, mime, info, creds);
    embed.push(performance.now() - t);
    t = performance.now();
    const r = await readC2pa(signed, mime, creds.trustAnchorsPem);
    read.push(performance.now() - t);
    if (r?.state !== "Trusted") throw new Error(`${name}: read back as ${r?.state}`);
  }
  console.log(
    `| ${name} | ${mb(bytes.length)} | ${((signed.length - bytes.length) / 1024).toFixed(1)} KB | ${median(embed).toFixed(0)} ms | ${median(read).toFixed(0)} ms |`,
  );
}
rmSync(dir, { recursive: true, force: true });
