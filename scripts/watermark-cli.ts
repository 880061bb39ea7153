// npm run watermark -- embed IN OUT --payload HEX [--disclosure TEXT] [--position bottom-right] [--size 0.045]
// npm run watermark -- detect FILE
// Images (.png, .jpg, .webp) and videos (.mp4, .mov, .mkv, .webm). `detect`
// prints one JSON object on stdout.
import { parseArgs } from "node:util";
import { isVideoPath } from "../lib/media";
import {
  detectImageFile,
  detectVideoFile,
  type DisclosurePosition,
  parsePayloadHex,
  payloadToHex,
  verifyCodeFromPayload,
  watermarkImageFile,
  watermarkVideoFile,
} from "../lib/watermark";

const USAGE = `usage:
  npm run watermark -- embed IN OUT --payload HEX16 [--disclosure TEXT] [--position top-left|top-right|bottom-left|bottom-right] [--size 0.045]
  npm run watermark -- detect FILE`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      payload: { type: "string" },
      disclosure: { type: "string" },
      position: { type: "string" },
      size: { type: "string" },
    },
  });
  const [command, ...files] = positionals;
  if (command === "embed" && files.length === 2 && values.payload) {
    const [input, output] = files as [string, string];
    const payload = parsePayloadHex(values.payload);
    const verifyCode = verifyCodeFromPayload(payload);
    const position = values.position as DisclosurePosition | undefined;
    if (position && !["top-left", "top-right", "bottom-left", "bottom-right"].includes(position)) {
      throw new Error(`--position must be top-left, top-right, bottom-left or bottom-right, got "${position}"`);
    }
    const disclosure = values.disclosure
      ? { text: values.disclosure, verifyCode, position, sizeFraction: values.size ? Number(values.size) : undefined }
      : undefined;
    const started = performance.now();
    const extra = isVideoPath(input)
      ? await watermarkVideoFile(input, output, { payload, disclosure })
      : (await watermarkImageFile(input, output, { payload, disclosure }), {});
    console.log(
      JSON.stringify({ output, payload: payloadToHex(payload), verifyCode, ...extra, ms: Math.round(performance.now() - started) }),
    );
    return 0;
  }
  if (command === "detect" && files.length === 1) {
    const file = files[0]!;
    const result = isVideoPath(file) ? await detectVideoFile(file) : await detectImageFile(file);
    const payload = result.payload ? parsePayloadHex(result.payload) : null;
    console.log(
      JSON.stringify({
        found: result.found,
        status: result.status,
        payload: result.payload,
        verifyCode: payload ? verifyCodeFromPayload(payload) : null,
        bitErrorsCorrected: result.bitErrorsCorrected,
        confidence: Number(result.confidence.toFixed(4)),
        syncScore: Number(result.syncScore.toFixed(2)),
        framesAnalysed: result.framesAnalysed,
      }),
    );
    return result.found ? 0 : 1;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`watermark: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
