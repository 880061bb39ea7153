import sharp from "sharp";
import type { Actor } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { toPolicyConsent } from "@/lib/consent/current-consent";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { isConsentActive } from "@/lib/licensing/policy";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import type { LikenessSetReport } from "@/ml/analysis/types";
import { readPortrait } from "@/lib/profiles/portrait";

// What a studio sees of a talent's face in the catalog: the chosen portrait
// (lib/profiles/portrait.ts: the most frontal usable photo) as a small preview,
// visibly marked so it is no use as a source, served decrypted only to
// signed-in studio members and only for talent who are in the catalog (active
// consent, an open offer); and the set's pose coverage in words.

/** The preview's longer side in pixels: enough to recognise a face, too small to train on. */
export const PREVIEW_SIZE = 160;

export type PoseCoverage = {
  usablePhotos: number;
  /** The head turns covered by at least one usable photo, in the set report's words (e.g. "frontal", "left"). */
  views: string[];
  /** The head turns with no usable photo. */
  missing: string[];
};

/** The pose coverage of a likeness set report, in words. */
export function poseCoverage(report: LikenessSetReport | null): PoseCoverage {
  if (!report) return { usablePhotos: 0, views: [], missing: [] };
  const { yawBins, counts } = report.poseGrid;
  const perYaw = yawBins.map((_, y) => counts.reduce((s, row) => s + (row[y] ?? 0), 0));
  return {
    usablePhotos: report.usableCount,
    views: yawBins.filter((_, y) => perYaw[y]! > 0),
    missing: yawBins.filter((_, y) => perYaw[y] === 0),
  };
}

async function catalogProfile(db: Db, profileId: string, now: Date) {
  const profile = await db.likenessProfile.findUnique({
    where: { id: profileId },
    include: {
      offers: { where: { status: "ACTIVE", termStart: { lte: now }, termEnd: { gt: now } }, take: 1, select: { id: true } },
      consents: { orderBy: { version: "desc" }, take: 1, include: { revocation: true } },
    },
  });
  if (!profile || profile.biometricsDestroyedAt || !profile.wrappedDataKey || profile.offers.length === 0) throw notFound("Talent");
  if (!isConsentActive(toPolicyConsent(profile.consents[0] ?? null), now)) throw notFound("Talent");
  return profile;
}

/** The pose coverage of a talent in the catalog, for studios. */
export async function catalogPoseCoverage(opts: { db: Db; actor: Actor; profileId: string; now?: Date }): Promise<PoseCoverage> {
  requireStudio(opts.actor);
  const profile = await catalogProfile(opts.db, opts.profileId, opts.now ?? new Date());
  return poseCoverage((await likenessSetReportOf(opts.db, profile)).report);
}

/**
 * The marked preview of a catalog talent's portrait (JPEG), for studio members
 * only (anyone else 403; a talent not in the catalog, or without a usable
 * photo, 404).
 */
export async function readCatalogPortrait(opts: { db: Db; actor: Actor; profileId: string; now?: Date }): Promise<Buffer> {
  requireStudio(opts.actor);
  await catalogProfile(opts.db, opts.profileId, opts.now ?? new Date());
  const portrait = await readPortrait(opts.db, opts.profileId);
  if (!portrait) throw notFound("Portrait");
  const small = await sharp(portrait.bytes).rotate().resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: "cover", position: "attention" }).toBuffer();
  const s = PREVIEW_SIZE;
  const mark = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}">
    <g font-family="sans-serif" font-weight="700" fill="#ffffff" fill-opacity="0.55" stroke="#000000" stroke-opacity="0.35" stroke-width="0.6">
      <text x="${s / 2}" y="${s / 2}" font-size="${s / 7}" text-anchor="middle" transform="rotate(-30 ${s / 2} ${s / 2})">PREVIEW</text>
    </g>
    <rect x="0" y="${s - 18}" width="${s}" height="18" fill="#000000" fill-opacity="0.6"/>
    <text x="${s / 2}" y="${s - 5}" font-family="sans-serif" font-size="11" fill="#ffffff" text-anchor="middle">Preview · not licensed</text>
  </svg>`);
  return sharp(small)
    .composite([{ input: mark }])
    .jpeg({ quality: 70 })
    .toBuffer();
}
