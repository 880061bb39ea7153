import type { Tx } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";

// Apart from scan-performers.ts: the upload (a web request) only queues the
// scan; the scan itself, which decrypts files and loads the engine, runs in a worker.

/** Marks new target footage for a scan and queues it, in the upload's transaction. */
export async function queuePerformerScan(tx: Tx, uploadId: string): Promise<void> {
  await tx.studioUpload.update({ where: { id: uploadId }, data: { performerScan: "pending", performerScanError: null } });
  await enqueueInTx(tx, QUEUES.footagePerformers, { uploadId }, { singletonKey: uploadId });
}
