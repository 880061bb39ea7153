import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { publicBaseUrl, renderConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { extensionOf } from "@/lib/orders/read-order-files";
import { getSealedBlobStream } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";

// Delivered outputs are downloaded through signed links that expire within
// minutes (LIKENESS_DOWNLOAD_LINK_MINUTES): the link names the output, the
// member it was issued to and its expiry, signed with a key derived from the
// platform's master key, so web instances need no shared state to check it.
// Every issued link and every download is an audit event; a revoked output's
// link answers 410 with the reason.

type LinkClaims = { o: string; u: string; e: number };

function linkKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey(), Buffer.alloc(0), "likeness-download-links", 32));
}

function sign(body: string): string {
  return createHmac("sha256", linkKey()).update(body).digest("base64url");
}

export function downloadToken(claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${sign(body)}`;
}

function readToken(token: string): LinkClaims {
  const [body, mac] = token.split(".");
  if (!body || !mac) throw new AppError("BAD_REQUEST", "This download link is malformed.", { token: "malformed" });
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppError("FORBIDDEN", "This download link is not valid.", { token: "bad signature" });
  }
  let claims: Partial<LinkClaims>;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<LinkClaims>;
  } catch {
    throw new AppError("BAD_REQUEST", "This download link is malformed.", { token: "malformed" });
  }
  if (typeof claims.o !== "string" || typeof claims.u !== "string" || typeof claims.e !== "number") {
    throw new AppError("BAD_REQUEST", "This download link is malformed.", { token: "malformed" });
  }
  return claims as LinkClaims;
}

function refuseRevoked(output: { revokedAt: Date | null; revokedReason: string | null }) {
  if (output.revokedAt)
    throw new AppError(
      "GONE",
      `This output has been revoked and can no longer be downloaded: ${output.revokedReason ?? "no reason given"}.`,
    );
}

/** A studio member asks for a download link of a delivered output of their studio. */
export async function issueDownloadLink(opts: { db: Db; actor: Actor; meta: RequestMeta; outputId: string; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  const output = await db.renderOutput.findUnique({ where: { id: opts.outputId }, include: { order: { select: { status: true } } } });
  if (!output || output.studioId !== studioId) throw notFound("Output");
  refuseRevoked(output);
  if (!output.blobKey || output.order?.status !== "delivered")
    throw new AppError("CONFLICT", "This output is not delivered yet (it may be waiting for the talent's review).");
  const expiresAt = new Date(now.getTime() + renderConfig().downloadLinkMinutes * 60_000);
  const token = downloadToken({ o: output.id, u: actor.userId, e: Math.floor(expiresAt.getTime() / 1000) });
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "download.link_issued",
      subjectType: "RenderOutput",
      subjectId: output.id,
      payload: { expiresAt: expiresAt.toISOString() },
    }),
  );
  return { url: `${publicBaseUrl()}/api/v1/downloads/${token}`, path: `/api/v1/downloads/${token}`, expiresAt };
}

/**
 * Opens a download link: checks its signature and expiry and that the output
 * is still valid, records the download, and returns the decrypted file as a
 * stream (sealed blobs open chunk by chunk: a large video is never held whole
 * in memory). The event is written when the file starts to be served.
 */
export async function openDownload(opts: { db: Db; token: string; meta: RequestMeta; now?: Date }) {
  const { db, meta } = opts;
  const now = opts.now ?? new Date();
  const claims = readToken(opts.token);
  const output = await db.renderOutput.findUnique({ where: { id: claims.o }, include: { studio: { select: { wrappedDataKey: true } } } });
  if (!output || !output.blobKey) throw notFound("Output");
  refuseRevoked(output);
  if (claims.e * 1000 < now.getTime()) throw new AppError("GONE", "This download link has expired; get a new one from the order page.");
  const user = await db.user.findUnique({
    where: { id: claims.u },
    select: { id: true, email: true, role: true, name: true, disabledAt: true },
  });
  if (!user || user.disabledAt) throw new AppError("FORBIDDEN", "The account this link was issued to can no longer download.");
  const stream = await getSealedBlobStream(output.blobKey, unwrapKey(masterKey(), Buffer.from(output.studio.wrappedDataKey)));
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actor: { userId: user.id, email: user.email, role: user.role, name: user.name },
      meta,
      at: now,
      action: "download.completed",
      subjectType: "RenderOutput",
      subjectId: output.id,
      payload: { byteSize: output.byteSize ?? 0, outputSha256: output.outputSha256 },
    }),
  );
  return {
    stream,
    byteSize: output.byteSize,
    mimeType: output.mimeType,
    fileName: `likeness-${output.verifyCode}${extensionOf(output.mimeType)}`,
  };
}
