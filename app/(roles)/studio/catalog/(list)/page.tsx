import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/app/_components/button";
import { buttonClass } from "@/app/_components/button-styles";
import { EmptyState } from "@/app/_components/empty-state";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { PageHeader } from "@/app/_components/page-header";
import { Select } from "@/app/_components/select";
import { TextField } from "@/app/_components/text-field";
import { requireActor } from "@/app/_lib/actor";
import { hrefWith, param, type SearchParams } from "@/app/_lib/search-params";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatRate, parseMajorAmount } from "@/lib/format/money";
import { listCatalog } from "@/lib/offers/catalog";
import { CATEGORY_OPTIONS, CHANNEL_OPTIONS, CURRENCY_OPTIONS, TERRITORY_OPTIONS, categoryLabel } from "@/app/_lib/vocabulary-options";
import { FacePreview } from "../face-preview";

export const metadata: Metadata = { title: "Catalog" };

const FILTERS = ["q", "category", "territory", "channel", "currency", "maxFee"] as const;

export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor(["STUDIO"]);
  const sp = await searchParams;
  const v = Object.fromEntries(FILTERS.map((k) => [k, param(sp, k)?.trim() || undefined])) as Record<
    (typeof FILTERS)[number],
    string | undefined
  >;
  const filterErrors: Record<string, string> = {};
  let maxFlatFeeMinor: number | undefined;
  if (v.maxFee) {
    const parsed = parseMajorAmount(v.maxFee, v.currency ?? "USD");
    if (parsed === null) filterErrors.maxFee = "Enter an amount such as 2500 or 2500.00";
    else maxFlatFeeMinor = parsed;
  }
  let page: Awaited<ReturnType<typeof listCatalog>> = { items: [], nextCursor: null };
  let failure: string | null = null;
  try {
    page = await listCatalog({
      db: db(),
      actor,
      filter: {
        q: v.q,
        category: v.category as never,
        territory: v.territory,
        channel: v.channel as never,
        currency: v.currency as never,
        maxFlatFeeMinor,
      },
      page: { cursor: param(sp, "cursor"), limit: 12 },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    failure = err.message;
    Object.assign(filterErrors, err.fields);
  }
  const filtered = FILTERS.some((k) => v[k]);
  const onFirst = !param(sp, "cursor");

  return (
    <>
      <PageHeader
        title="Catalog"
        description="Talent with an active consent and at least one open license offer. Filter by what your project needs."
      />
      <form
        method="get"
        role="search"
        aria-label="Filter the catalog"
        className="mb-6 grid gap-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-3"
      >
        <TextField name="q" label="Search talent" type="search" placeholder="Name" defaultValue={v.q} error={filterErrors.q} />
        <Select
          name="category"
          label="Use category"
          options={CATEGORY_OPTIONS}
          placeholder="Any category"
          defaultValue={v.category ?? ""}
          error={filterErrors.category}
        />
        <Select
          name="territory"
          label="Territory"
          options={TERRITORY_OPTIONS}
          placeholder="Any territory"
          defaultValue={v.territory ?? ""}
          error={filterErrors.territory}
        />
        <Select
          name="channel"
          label="Channel"
          options={CHANNEL_OPTIONS}
          placeholder="Any channel"
          defaultValue={v.channel ?? ""}
          error={filterErrors.channel}
        />
        <Select
          name="currency"
          label="Currency"
          options={CURRENCY_OPTIONS}
          placeholder="Any currency"
          defaultValue={v.currency ?? ""}
          error={filterErrors.currency}
        />
        <TextField
          name="maxFee"
          label="Maximum flat fee"
          inputMode="decimal"
          placeholder="e.g. 5000"
          hint="In the chosen currency"
          defaultValue={v.maxFee}
          error={filterErrors.maxFee ?? filterErrors.maxFlatFeeMinor}
        />
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3">
          <button type="submit" className={buttonClass("primary")}>
            Apply filters
          </button>
          {filtered && (
            <Link href="/studio/catalog" className={buttonClass("ghost")}>
              Clear filters
            </Link>
          )}
        </div>
      </form>

      {failure && (
        <div className="mb-4">
          <Notice tone="danger" title="Some filters are not valid">
            {failure}
          </Notice>
        </div>
      )}

      {page.items.length === 0 && !failure ? (
        <EmptyState
          title={filtered ? "No talent matches these filters" : "No licensable talent yet"}
          description={
            filtered
              ? "Try another territory or channel, a higher maximum fee, or clear the filters."
              : "Talent appear here once they have signed consent and published an offer that is in force."
          }
          action={filtered ? <ButtonLink href="/studio/catalog">Clear filters</ButtonLink> : undefined}
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Talent">
          {page.items.map((p) => {
            const cheapest = p.offers[0];
            const categories = [...new Set(p.offers.flatMap((o) => o.allowedCategories))];
            return (
              <li key={p.id} className="flex flex-col rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
                <h2 className="text-base font-semibold text-zinc-900">
                  <Link href={`/studio/catalog/${p.id}`} className="hover:underline">
                    {p.displayName}
                  </Link>
                </h2>
                {p.deceased && <p className="mt-0.5 text-xs font-medium text-zinc-500">Represented by their estate</p>}
                <div className="mt-3">
                  <FacePreview profileId={p.id} name={p.displayName} face={p.face} />
                </div>
                <p className="mt-2 line-clamp-3 text-sm text-zinc-600">{p.bio || "No biography yet."}</p>
                <p className="mt-3 text-sm text-zinc-700">{categories.map(categoryLabel).join(" · ")}</p>
                {cheapest && (
                  <p className="mt-1 text-sm text-zinc-700">
                    From <Money minor={cheapest.flatFeeMinor} currency={cheapest.currency} /> +{" "}
                    {formatRate(cheapest.perSecondMinor, cheapest.currency)}
                  </p>
                )}
                <div className="mt-auto pt-4">
                  <ButtonLink href={`/studio/catalog/${p.id}`} size="sm" aria-label={`View ${p.displayName}`}>
                    View {p.offers.length} {p.offers.length === 1 ? "offer" : "offers"}
                  </ButtonLink>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {(!onFirst || page.nextCursor) && (
        <nav aria-label="Pagination" className="mt-6 flex justify-end gap-2">
          {!onFirst && (
            <Link className={buttonClass("secondary", "sm")} href={hrefWith("/studio/catalog", sp, { cursor: undefined })}>
              First page
            </Link>
          )}
          {page.nextCursor && (
            <Link className={buttonClass("secondary", "sm")} rel="next" href={hrefWith("/studio/catalog", sp, { cursor: page.nextCursor })}>
              Next page
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
