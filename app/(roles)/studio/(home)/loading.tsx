import { PageSkeleton } from "@/app/_components/skeleton";

// Inside the role layout on purpose: the layout's role check runs before any
// streaming starts, so a wrong role still gets a real 403 status.
export default function Loading() {
  return <PageSkeleton />;
}
