// Entry of a detection worker thread (detection-pool.ts): the watermark code
// is TypeScript, run through tsx as the rest of the platform is (scripts/*.ts),
// so the worker registers tsx's loader before importing it.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
