// npx tsx scripts/watermark-output.ts REQUEST_ID IN OUT [--model MODEL_ID] [--position bottom-right] [--size 0.045]
// Delivers one output of an approved request by hand (the render worker calls
// watermarkOutput itself): draws the offer's disclosure and verify code, embeds
// the watermark, signs the manifest and registers it. Prints one JSON object.
import { parseArgs } from "node:util";
import { createDb } from "@/lib/db/client";
import { watermarkOutput } from "@/lib/outputs";
import type { DisclosurePosition } from "@/lib/watermark";
import { resolveDatabase } from "./local-database";

const USAGE =
  "usage: npx tsx scripts/watermark-output.ts REQUEST_ID IN OUT [--model MODEL_ID] [--position top-left|top-right|bottom-left|bottom-right] [--size 0.045]";
const POSITIONS = ["top-left", "top-right", "bottom-left", "bottom-right"];

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { model: { type: "string" }, position: { type: "string" }, size: { type: "string" } },
});
if (positionals.length !== 3) {
  console.error(USAGE);
  process.exit(2);
}
if (values.position && !POSITIONS.includes(values.position)) {
  console.error(`--position must be one of ${POSITIONS.join(", ")}`);
  process.exit(2);
}
const [requestId, inputPath, outputPath] = positionals as [string, string, string];
const database = await resolveDatabase({ start: true });
const db = createDb(database.url);
try {
  const out = await watermarkOutput({
    db,
    actor: null,
    requestId,
    inputPath,
    outputPath,
    modelId: values.model,
    position: values.position as DisclosurePosition | undefined,
    sizeFraction: values.size ? Number(values.size) : undefined,
  });
  console.log(
    JSON.stringify({
      id: out.id,
      output: out.outputPath,
      verifyCode: out.verifyCode,
      payload: out.payloadHex,
      sha256: out.outputSha256,
      mimeType: out.mimeType,
    }),
  );
} catch (err) {
  console.error(`watermark-output: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await database.stop();
}
