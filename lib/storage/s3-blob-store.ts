import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import type { S3Settings } from "@/lib/config";
import { assertBlobKey, BlobNotFoundError, type BlobStore, type ByteSource } from "./blob-types";

// Blobs as objects in one S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...),
// under the same keys as the local folder. A stream is stored as one PUT when it
// fits one part, else as a multipart upload of PART_SIZE parts that becomes
// visible only when completed and is aborted on any failure, so a failed or
// refused upload leaves no object. Memory: about two parts per upload (the
// upload starts once a second part shows the stream needs more than one).

/** 8 MiB: above S3's 5 MiB minimum part, and 10,000 parts reach 80 GB. */
export const PART_SIZE = 8 * 1024 * 1024;

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.Code === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/** Reads a stream into parts of exactly `size` bytes (the last one shorter). */
async function* parts(source: ByteSource, size: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let length = 0;
  let yielded = false;
  for await (const piece of source) {
    let buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (length + buf.length >= size) {
      const take = size - length;
      held.push(buf.subarray(0, take));
      yield Buffer.concat(held, size);
      yielded = true;
      buf = buf.subarray(take);
      held = [];
      length = 0;
    }
    if (buf.length > 0) {
      held.push(Buffer.from(buf)); // the source may reuse its buffer
      length += buf.length;
    }
  }
  if (length > 0 || !yielded) yield Buffer.concat(held, length); // an empty stream is one empty part
}

export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(
    settings: S3Settings,
    readonly partSize = PART_SIZE,
  ) {
    this.bucket = settings.bucket;
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Checksums only where S3 requires them: S3-compatible servers that predate
      // the SDK's default CRC32 trailers (aws-chunked uploads) would refuse them.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength }));
  }

  async putStream(key: string, source: ByteSource): Promise<number> {
    assertBlobKey(key);
    const iterator = parts(source, this.partSize)[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = firstPart.length < this.partSize ? { done: true as const, value: undefined } : await iterator.next();
    if (second.done) {
      await this.put(key, firstPart);
      return firstPart.length;
    }
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }));
    if (!UploadId) throw new Error("S3 did not start a multipart upload");
    const done: CompletedPart[] = [];
    let size = 0;
    const upload = async (body: Buffer) => {
      const PartNumber = done.length + 1;
      const { ETag } = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber, Body: body, ContentLength: body.length }),
      );
      done.push({ ETag, PartNumber });
      size += body.length;
    };
    try {
      await upload(firstPart);
      await upload(second.value);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) await upload(next.value);
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId, MultipartUpload: { Parts: done } }),
      );
    } catch (err) {
      await iterator.return?.(undefined).catch(() => undefined);
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId })).catch(() => undefined);
      throw err;
    }
    return size;
  }

  private async object(key: string) {
    assertBlobKey(key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!Body) throw new Error(`S3 returned no body for ${key}`);
      return Body;
    } catch (err) {
      throw isNotFound(err) ? new BlobNotFoundError(key) : err;
    }
  }

  async get(key: string): Promise<Buffer> {
    const body = await this.object(key);
    return Buffer.from(await body.transformToByteArray());
  }

  async getStream(key: string): Promise<Readable> {
    const body = await this.object(key);
    // In Node.js the SDK's body is an http.IncomingMessage (a Readable).
    if (body instanceof Readable) return body;
    return Readable.fromWeb(body.transformToWebStream() as import("node:stream/web").ReadableStream);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
