import { PageSkeleton } from "./skeleton";

// The loading.tsx of each role area re-exports this. Each sits inside its role
// layout on purpose (the role check runs before streaming starts, so a wrong
// role gets a real 403), and only above pages that cannot be "not found" (once
// a skeleton has streamed, notFound() can no longer change the status to 404).
export default function SegmentLoading() {
  return <PageSkeleton />;
}
