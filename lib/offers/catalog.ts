import { identityStatusOf } from "@/lib/identity/verification-status";
import { estateAuthorityState } from "@/lib/profiles/licensing-gates";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { toPolicyConsent } from "@/lib/consent/current-consent";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { notFound, parseInput } from "@/lib/errors";
import { isConsentActive } from "@/lib/licensing/policy";
import { WORLDWIDE } from "@/lib/licensing/vocabulary";
import { pageArgs, ZPage, type Page, type TPage } from "@/lib/pagination";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { choosePortrait } from "@/lib/profiles/portrait";
import { poseCoverage, type PoseCoverage } from "./catalog-portrait";
import { offerUsage } from "./offer-usage";
import { ZCatalogFilter, type TCatalogFilter } from "./types";

// The catalog shows only licensable talent: an active consent and at least one
// offer that is active and in its term today.

function openOfferWhere(now: Date, f: ReturnType<typeof ZCatalogFilter.parse>): Prisma.LicenseOfferWhereInput {
  return {
    status: "ACTIVE",
    termStart: { lte: now },
    termEnd: { gt: now },
    ...(f.category ? { allowedCategories: { has: f.category } } : {}),
    ...(f.channel ? { channels: { has: f.channel } } : {}),
    ...(f.territory ? { territories: { hasSome: [f.territory, WORLDWIDE] } } : {}),
    ...(f.currency ? { currency: f.currency } : {}),
    ...(f.maxFlatFeeMinor !== undefined ? { flatFeeMinor: { lte: f.maxFlatFeeMinor } } : {}),
  };
}

const consentInclude = { orderBy: { version: "desc" }, take: 1, include: { revocation: true } } as const;

/**
 * What the catalog shows of a talent's face: whether a portrait preview exists
 * (lib/offers/catalog-portrait.ts), the set's pose coverage, and who is
 * verified: the talent ("Verify it's you") or, for a deceased talent, the
 * estate's authority.
 */
export type CatalogFace = { portrait: boolean; coverage: PoseCoverage; verified: "talent" | "estate" | null };

async function catalogFace(db: Db, profile: { id: string; deceased: boolean; wrappedDataKey: Uint8Array | null }): Promise<CatalogFace> {
  const [set, verified] = await Promise.all([
    likenessSetReportOf(db, profile),
    profile.deceased
      ? estateAuthorityState(db, profile).then((s) => (s === "approved" ? ("estate" as const) : null))
      : identityStatusOf(db, profile.id).then((s) => (s.verified ? ("talent" as const) : null)),
  ]);
  return { portrait: choosePortrait(set) !== null, coverage: poseCoverage(set.report), verified };
}

export type CatalogEntry = {
  id: string;
  displayName: string;
  bio: string;
  deceased: boolean;
  face: CatalogFace;
  offers: {
    id: string;
    title: string;
    allowedCategories: string[];
    territories: string[];
    channels: string[];
    flatFeeMinor: number;
    perSecondMinor: number;
    currency: string;
    termEnd: Date;
    approvalMode: string;
  }[];
};

export async function listCatalog(opts: {
  db: Db;
  actor: Actor;
  filter?: TCatalogFilter;
  page?: TPage;
  now?: Date;
}): Promise<Page<CatalogEntry>> {
  requireRole(opts.actor, ["STUDIO", "ADMIN"]);
  const now = opts.now ?? new Date();
  const f = parseInput(ZCatalogFilter, opts.filter ?? {});
  const page = parseInput(ZPage, opts.page ?? {});
  const offerWhere = openOfferWhere(now, f);
  const rows = await opts.db.likenessProfile.findMany({
    where: {
      biometricsDestroyedAt: null,
      offers: { some: offerWhere },
      ...(f.q ? { displayName: { contains: f.q, mode: "insensitive" } } : {}),
    },
    orderBy: { id: "asc" },
    ...pageArgs(page),
    include: { offers: { where: offerWhere, orderBy: { flatFeeMinor: "asc" } }, consents: consentInclude },
  });
  const more = rows.length > page.limit;
  const pageRows = more ? rows.slice(0, page.limit) : rows;
  const listed = pageRows.filter((p) => isConsentActive(toPolicyConsent(p.consents[0] ?? null), now));
  const faces = await Promise.all(listed.map((p) => catalogFace(opts.db, p)));
  const items = listed.map((p, i) => ({
    id: p.id,
    displayName: p.displayName,
    bio: p.bio,
    deceased: p.deceased,
    face: faces[i]!,
    offers: p.offers.map((o) => ({
      id: o.id,
      title: o.title,
      allowedCategories: o.allowedCategories,
      territories: o.territories,
      channels: o.channels,
      flatFeeMinor: o.flatFeeMinor,
      perSecondMinor: o.perSecondMinor,
      currency: o.currency,
      termEnd: o.termEnd,
      approvalMode: o.approvalMode,
    })),
  }));
  return { items, nextCursor: more ? (pageRows.at(-1)?.id ?? null) : null };
}

/** One licensable talent with their open offers and what each has left, for a studio. */
export async function getCatalogProfile(opts: { db: Db; actor: Actor; profileId: string; now?: Date }) {
  requireRole(opts.actor, ["STUDIO", "ADMIN"]);
  const now = opts.now ?? new Date();
  const profile = await opts.db.likenessProfile.findUnique({
    where: { id: opts.profileId },
    include: { offers: { where: openOfferWhere(now, {}), orderBy: { createdAt: "asc" } }, consents: consentInclude },
  });
  if (!profile || profile.biometricsDestroyedAt || profile.offers.length === 0) throw notFound("Talent");
  if (!isConsentActive(toPolicyConsent(profile.consents[0] ?? null), now)) throw notFound("Talent");
  const offers = await Promise.all(
    profile.offers.map(async (o) => {
      const used = await offerUsage(opts.db, o.id);
      return {
        ...o,
        rendersLeft: Math.max(0, o.maxRenders - used.renders),
        secondsLeft: Math.max(0, o.maxOutputSeconds - used.outputSeconds),
      };
    }),
  );
  return {
    id: profile.id,
    displayName: profile.displayName,
    bio: profile.bio,
    deceased: profile.deceased,
    face: await catalogFace(opts.db, profile),
    consentScopes: profile.consents[0]?.scopes ?? [],
    offers,
  };
}
