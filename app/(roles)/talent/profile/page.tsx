import { redirectToOwnProfile } from "@/app/(roles)/likeness/_lib/own-profile";

// The talent nav links here; the profile's pages live under /likeness/[id], shared with agents.
export default async function Page() {
  return redirectToOwnProfile("");
}
