import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

// A real S3-protocol server (s3rver: S3's REST API over a temp folder) on a
// free loopback port, for tests of the S3 blob store. Nothing leaves the machine.

export type TestS3 = {
  endpoint: string;
  bucket: string;
  /** The settings that make the platform use this server (LIKENESS_S3_*). */
  env: Record<string, string>;
  /** Every object key in the bucket, sorted. */
  keys: () => Promise<string[]>;
  close: () => Promise<void>;
};

export async function startTestS3(): Promise<TestS3> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-test-s3-"));
  const bucket = "likeness-test";
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    LIKENESS_S3_BUCKET: bucket,
    LIKENESS_S3_ENDPOINT: endpoint,
    LIKENESS_S3_REGION: "us-east-1",
    LIKENESS_S3_ACCESS_KEY_ID: "S3RVER",
    LIKENESS_S3_SECRET_ACCESS_KEY: "S3RVER",
    LIKENESS_S3_FORCE_PATH_STYLE: "1",
  };
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  return {
    endpoint,
    bucket,
    env,
    keys: async () => {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        out.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return out.sort();
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
