import { Badge } from "@/app/_components/badge";
import type { CatalogFace } from "@/lib/offers/catalog";

/** The talent's marked portrait preview (or a placeholder) and the likeness set's pose coverage. */
export function FacePreview({
  profileId,
  name,
  face,
  size = "sm",
}: {
  profileId: string;
  name: string;
  face: CatalogFace;
  size?: "sm" | "lg";
}) {
  const box = size === "lg" ? "size-40" : "size-16";
  const { coverage } = face;
  return (
    <div className="flex items-center gap-3">
      {face.portrait ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, decrypted preview: never through the image optimiser
        <img
          src={`/api/catalog/portraits/${profileId}`}
          alt={`Portrait preview of ${name}`}
          className={`${box} shrink-0 rounded-md border border-zinc-200 object-cover`}
        />
      ) : (
        <div
          className={`${box} flex shrink-0 items-center justify-center rounded-md border border-dashed border-zinc-300 text-center text-[10px] text-zinc-500`}
        >
          No portrait
        </div>
      )}
      <div>
        {face.verified && <Badge tone="success">{face.verified === "talent" ? "Verified talent" : "Estate authority verified"}</Badge>}
        <p className="mt-1 text-xs text-zinc-600" aria-label={`Pose coverage of ${name}`}>
          {coverage.usablePhotos} usable photo{coverage.usablePhotos === 1 ? "" : "s"}
          {coverage.views.length > 0 && <> · views: {coverage.views.join(", ")}</>}
          {coverage.missing.length > 0 && <span className="block text-zinc-500">No {coverage.missing.join(" or ")} view</span>}
        </p>
      </div>
    </div>
  );
}
