import type { Role } from "@/lib/db/generated/enums";

// The role areas' pages. The top nav and each role's home page render this
// list, so a new page is linked by adding one entry here.
export type NavItem = { href: string; label: string; description: string };

const TALENT_NAV: NavItem[] = [
  { href: "/talent/profile", label: "Profile & consent", description: "Your likeness profile and the consent you have signed." },
  { href: "/talent/likeness", label: "Likeness set", description: "Reference photos of your face, encrypted at rest." },
  { href: "/talent/offers", label: "Offers", description: "License offers studios can request against." },
  { href: "/talent/requests", label: "Requests", description: "Swap requests from studios awaiting your decision." },
  { href: "/talent/representation", label: "Representation", description: "Agents who act on your behalf, and their commission." },
  { href: "/inbox/orders", label: "Orders", description: "Paid orders on your likeness: renders, outputs to review, deliveries." },
  { href: "/earnings", label: "Earnings", description: "What each order earned you, per month, and your payout account." },
];

export const ROLE_NAV: Record<Role, NavItem[]> = {
  TALENT: TALENT_NAV,
  ESTATE: TALENT_NAV,
  AGENT: [
    { href: "/agent/roster", label: "Roster", description: "Talent you represent and their profiles." },
    { href: "/likeness", label: "Profiles", description: "Likeness profiles, consent, photos and offers of your talent." },
    { href: "/agent/approvals", label: "Approvals", description: "Requests waiting for a decision on your talent's behalf." },
    {
      href: "/inbox/orders",
      label: "Orders",
      description: "Paid orders on your talent's likenesses: renders, outputs to review, deliveries.",
    },
    { href: "/earnings", label: "Earnings", description: "Your commission per order and per month, and your payout account." },
  ],
  STUDIO: [
    { href: "/studio/catalog", label: "Catalog", description: "Talent with active consent and open license offers." },
    { href: "/studio/requests", label: "Requests", description: "Your swap requests and their status." },
    { href: "/studio/orders", label: "Orders", description: "Paid orders: render progress, review and downloads." },
    { href: "/studio/api-keys", label: "API keys", description: "Keys for the studio REST API; shown once, revocable." },
  ],
  ADMIN: [
    { href: "/admin/review", label: "Review", description: "Everything that waits for a person: estates' proofs of authority." },
    { href: "/admin/audit", label: "Audit log", description: "Every recorded change, with a hash-chain check." },
    { href: "/admin/users", label: "Users", description: "Accounts on the platform and their status." },
  ],
};
