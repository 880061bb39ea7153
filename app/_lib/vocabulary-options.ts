import { optionsFrom, type Option } from "@/app/_components/options";
import { ISO_COUNTRY_CODES, territoryName } from "@/lib/licensing/territories";
import {
  CHANNEL_LABELS,
  CHANNELS,
  CURRENCIES,
  EXCLUSION_TOPIC_LABELS,
  EXCLUSION_TOPICS,
  PROHIBITED_USE_LABELS,
  PROHIBITED_USES,
  USE_CATEGORIES,
  USE_CATEGORY_LABELS,
  WORLDWIDE,
} from "@/lib/licensing/vocabulary";

// Form options and display labels for lib's closed vocabularies (uses, channels,
// topics, prohibited uses, currencies, territories), shared by every role's pages.

export const CATEGORY_OPTIONS = optionsFrom(USE_CATEGORIES, USE_CATEGORY_LABELS);
export const CHANNEL_OPTIONS = optionsFrom(CHANNELS, CHANNEL_LABELS);
export const TOPIC_OPTIONS = optionsFrom(EXCLUSION_TOPICS, EXCLUSION_TOPIC_LABELS);
export const PROHIBITED_OPTIONS = optionsFrom(PROHIBITED_USES, PROHIBITED_USE_LABELS);
export const CURRENCY_OPTIONS: Option[] = CURRENCIES.map((c) => ({ value: c, label: c }));

/** Worldwide first, then every country by name. */
export const TERRITORY_OPTIONS: Option[] = [
  { value: WORLDWIDE, label: territoryName(WORLDWIDE) },
  ...ISO_COUNTRY_CODES.map((c) => ({ value: c, label: territoryName(c) })).sort((a, b) => a.label.localeCompare(b.label)),
];

export const categoryLabel = (c: string) => USE_CATEGORY_LABELS[c as keyof typeof USE_CATEGORY_LABELS] ?? c;
export const channelLabel = (c: string) => CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS] ?? c;
export const topicLabel = (c: string) => EXCLUSION_TOPIC_LABELS[c as keyof typeof EXCLUSION_TOPIC_LABELS] ?? c;
export const prohibitedLabel = (c: string) => PROHIBITED_USE_LABELS[c as keyof typeof PROHIBITED_USE_LABELS] ?? c;
export const territoryList = (codes: readonly string[]) => codes.map(territoryName).join(", ");
