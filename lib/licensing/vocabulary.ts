// The closed vocabularies of the licensing domain, with their human labels.
// Forms, the API schema, the catalog filters and the policy engine all read
// these lists, so a new category or channel is added in exactly one place.

export const USE_CATEGORIES = ["advertising", "film_tv", "music_video", "game", "education", "parody", "other"] as const;
export type UseCategory = (typeof USE_CATEGORIES)[number];

export const USE_CATEGORY_LABELS: Record<UseCategory, string> = {
  advertising: "Advertising",
  film_tv: "Film & TV",
  music_video: "Music video",
  game: "Game",
  education: "Education",
  parody: "Parody",
  other: "Other",
};

/** Uses that no offer can allow, whatever it says. A request declares whether its content includes any. */
export const PROHIBITED_USES = ["sexual_content", "political_content", "fraud_or_deceptive_news", "aimed_at_minors"] as const;
export type ProhibitedUse = (typeof PROHIBITED_USES)[number];

export const PROHIBITED_USE_LABELS: Record<ProhibitedUse, string> = {
  sexual_content: "Sexual or sexually suggestive content",
  political_content: "Political or election content",
  fraud_or_deceptive_news: "Impersonation for fraud, or deceptive news",
  aimed_at_minors: "Content aimed at minors",
};

/** Sensitive topics a talent may exclude on an offer; a request declares the topics it touches. */
export const EXCLUSION_TOPICS = [
  "alcohol",
  "tobacco_vaping",
  "gambling",
  "weapons",
  "pharmaceuticals",
  "financial_products",
  "religion",
  "dating",
  "fast_food",
  "cosmetic_procedures",
] as const;
export type ExclusionTopic = (typeof EXCLUSION_TOPICS)[number];

export const EXCLUSION_TOPIC_LABELS: Record<ExclusionTopic, string> = {
  alcohol: "Alcohol",
  tobacco_vaping: "Tobacco and vaping",
  gambling: "Gambling and betting",
  weapons: "Weapons",
  pharmaceuticals: "Pharmaceuticals and health claims",
  financial_products: "Financial products and crypto",
  religion: "Religion",
  dating: "Dating services",
  fast_food: "Fast food",
  cosmetic_procedures: "Cosmetic procedures",
};

export const CHANNELS = [
  "tv",
  "cinema",
  "streaming",
  "online_video",
  "social",
  "display",
  "out_of_home",
  "in_store",
  "in_game",
  "internal",
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  tv: "Broadcast TV",
  cinema: "Cinema",
  streaming: "Streaming platforms",
  online_video: "Online video (pre-roll)",
  social: "Social media",
  display: "Web display",
  out_of_home: "Out of home (billboards)",
  in_store: "In store",
  in_game: "In game",
  internal: "Internal / pitch only",
};

/** "Worldwide" in a territory list; every other entry is an ISO 3166-1 alpha-2 code. */
export const WORLDWIDE = "WW";

export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Minor units per major unit (JPY has none). */
export const CURRENCY_EXPONENT: Record<Currency, number> = { USD: 2, EUR: 2, GBP: 2, CAD: 2, AUD: 2, JPY: 0 };

export const MIN_INTENDED_USE_CHARS = 40;
export const MAX_TERM_YEARS_LIVING = 10;
