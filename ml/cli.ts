import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyzeLikenessSet } from "./analysis/analyze-likeness-set";
import { selectBackend } from "./backend/select-backend";
import { swapImage } from "./convert/swap-image";
import { extractFaces, listImages } from "./extract/extract-faces";
import { loadFaceSetDir } from "./extract/load-face-dir";
import { decodeImage, encodeImage, formatForPath } from "./media/image-io";
import { disposeAutoencoder } from "./model/autoencoder";
import { fileStore, loadModel } from "./model/model-io";
import { resolveConfig } from "./model/presets";
import { trainModel } from "./train/train-model";
import { isAbortError } from "./util/abort";
import { stopOnSignals } from "./util/stop-on-signals";
import { findPerformers, type Performer } from "./video/find-performers";
import { swapVideo } from "./video/swap-video";

const USAGE = `usage: npm run ml -- <command>   (--help, -h: this text)
  analyze DIR [--grid FILE.png]            likeness set report (JSON)
  extract VIDEO|DIR OUT [--size 256] [--every N]
  train --a DIR --b DIR --preset P --steps N [--batch 8] [--seed 1] [--lr RATE] [--out model.lkae] [--resume]
                                           --lr default: the preset's rate; Ctrl-C (SIGINT/SIGTERM) finishes
                                           the step and saves a checkpoint, --resume continues from it
  performers FILE [--thumbs DIR]           the people in a video or image (JSON, most seen first),
                                           with face thumbnails written to DIR as <id>.jpg
  swap --model M --in FILE --out FILE [--blend alpha|seamless] [--performer ID]
                                           image (jpg/png/webp) or video (anything ffmpeg reads);
                                           --performer: an id from \`performers FILE\` (default: the
                                           person seen most), the only face swapped
environment: ML_BACKEND=auto|tensorflow-gpu|tensorflow|webgpu|wasm|cpu`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // Help is a successful run (exit 0, usage on stdout); only an unknown command is a usage error (exit 2).
  if (command === undefined || command === "help" || argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const { values: v, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      grid: { type: "string" },
      size: { type: "string" },
      every: { type: "string" },
      a: { type: "string" },
      b: { type: "string" },
      preset: { type: "string" },
      steps: { type: "string" },
      batch: { type: "string" },
      seed: { type: "string" },
      lr: { type: "string" },
      out: { type: "string" },
      resume: { type: "boolean" },
      model: { type: "string" },
      in: { type: "string" },
      blend: { type: "string" },
      performer: { type: "string" },
      thumbs: { type: "string" },
    },
  });
  switch (command) {
    case "analyze": {
      const dir = need(pos[0], "DIR");
      const files = await listImages(dir);
      const report = await analyzeLikenessSet(
        await Promise.all(files.map(async (f) => ({ name: path.basename(f), bytes: new Uint8Array(await readFile(f)) }))),
      );
      if (v.grid) await writeFile(v.grid, Buffer.from(report.poseGrid.pngBase64, "base64"));
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    case "extract": {
      const r = await extractFaces(need(pos[0], "VIDEO|DIR"), need(pos[1], "OUT"), { size: num(v.size, 256), everyNth: num(v.every, 1) });
      console.log(JSON.stringify(r, null, 2));
      return;
    }
    case "train": {
      const backend = await selectBackend();
      const config = resolveConfig(v.preset ?? "small");
      // extract's output (aligned crops + faces.json) or a folder of photos.
      const load = async (dir: string) => {
        const { set, skipped, aligned } = await loadFaceSetDir(dir, config.resolution, config.margin);
        console.error(`${dir}: ${set.faces.length} faces (${aligned} extracted crops, ${skipped} images without a face)`);
        return set;
      };
      const a = await load(need(v.a, "--a DIR")),
        b = await load(need(v.b, "--b DIR"));
      const { store, key } = fileStore(v.out ?? `${config.name}.lkae`);
      const steps = num(v.steps, 1000);
      // Ctrl-C or a SIGTERM (a worker shutting down) saves the step reached, so nothing trained is lost.
      const stop = stopOnSignals((sig) =>
        console.error(`${sig}: finishing the current step and saving a checkpoint (again to quit at once)`),
      );
      const r = await trainModel({
        a,
        b,
        config,
        steps,
        batchSize: num(v.batch, 8),
        seed: num(v.seed, 1),
        learningRate: v.lr ? Number(v.lr) : undefined,
        store,
        checkpointKey: key,
        checkpointEvery: Math.max(50, Math.round(steps / 20)),
        resume: v.resume ?? false,
        progressEvery: backend.backend === "cpu" || backend.backend === "wasm" ? 1 : 25,
        stopSignal: stop.signal,
        onProgress: (p) =>
          console.error(
            `step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)} ${p.imagesPerSecond.toFixed(1)} img/s eta ${Math.round(p.etaSeconds)}s`,
          ),
      })
        .catch((e: unknown) => {
          if (!(isAbortError(e) && stop.signal.aborted)) throw e;
          console.error(`${(e as Error).message}; continue with --resume`);
          return null;
        })
        .finally(() => stop.dispose());
      if (!r) {
        process.exitCode = stop.exitCode();
        return;
      }
      console.log(
        JSON.stringify({
          model: v.out ?? `${config.name}.lkae`,
          steps: r.step,
          finalLoss: r.losses.at(-1),
          resumedFrom: r.resumedFrom,
          backend: backend.backend,
          device: backend.device,
        }),
      );
      disposeAutoencoder(r.model);
      return;
    }
    case "performers": {
      const found = await findPerformers(need(pos[0], "FILE"));
      if (v.thumbs) await mkdir(v.thumbs, { recursive: true });
      const people = await Promise.all(
        found.performers.map(async (p) => {
          const thumbnail = v.thumbs ? path.join(v.thumbs, `${p.id}.jpg`) : undefined;
          if (thumbnail) await writeFile(thumbnail, p.thumbnailJpeg);
          return {
            id: p.id,
            frames: p.frames,
            firstSeenSeconds: p.firstSeenSeconds,
            medianFaceSize: p.medianFaceSize,
            ...(thumbnail ? { thumbnail } : {}),
          };
        }),
      );
      console.log(JSON.stringify({ kind: found.kind, framesExamined: found.framesExamined, performers: people }, null, 2));
      return;
    }
    case "swap": {
      const input = need(v.in, "--in FILE"),
        out = need(v.out, "--out FILE");
      const blend = v.blend ?? "alpha";
      if (blend !== "alpha" && blend !== "seamless") throw new Error(`--blend must be alpha or seamless, got "${blend}"`);
      // Checked before the model loads: a wrong id is the studio's likelier mistake.
      const performer = v.performer !== undefined ? choosePerformer((await findPerformers(input)).performers, v.performer) : undefined;
      const backend = await selectBackend();
      const { store, key } = fileStore(need(v.model, "--model M"));
      const { model } = await loadModel(store, key);
      if (/\.(jpe?g|png|webp)$/i.test(input)) {
        const r = await swapImage(model, await decodeImage(input), { blend, performer });
        await writeFile(out, await encodeImage(r.image, formatForPath(out, "png")));
        console.log(JSON.stringify({ out, facesSwapped: r.facesSwapped, backend: backend.backend, device: backend.device }));
      } else {
        const r = await swapVideo(model, input, out, {
          blend,
          performer,
          onProgress: (p) => {
            if (p.frame % 25 === 0) console.error(`frame ${p.frame}/${p.totalFrames} ${p.framesPerSecond.toFixed(2)} fps`);
          },
        });
        console.log(
          JSON.stringify({
            out,
            frames: r.frames,
            framesWithFace: r.framesWithFace,
            framesWithPerformer: r.framesWithPerformer,
            fps: r.frames / r.seconds,
            backend: backend.backend,
            device: backend.device,
          }),
        );
      }
      disposeAutoencoder(model);
      return;
    }
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      process.exitCode = 2;
  }
}

/** The performer `id` names in `performers` (as `performers FILE` listed them), or an error listing the ids there are. */
function choosePerformer(performers: Performer[], id: string): { descriptor: number[] } {
  const chosen = performers.find((p) => p.id === id);
  if (chosen) return { descriptor: chosen.descriptor };
  const known = performers.map((p) => `${p.id} (seen in ${p.frames} sampled frames)`).join(", ");
  throw new Error(
    `--performer ${id}: no such person in this footage; ${performers.length ? `it shows ${known}` : "it shows no face"} (see \`performers FILE\`)`,
  );
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new Error(`missing ${what}\n${USAGE}`);
  return value;
}

function num(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${value}`);
  return n;
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
