import { formatDistance, GPS_MISMATCH_METRES } from "~/domain/impact/planting-evidence";

/** What a photo's own GPS says about the stated place, in words (never colour alone). A mismatch is loud on purpose. */
export function GpsFlag({ gps, distanceMetres }: { gps: "matches" | "mismatch" | "missing"; distanceMetres: number | null }) {
  if (gps === "missing") return <span className="badge">No GPS in the photo</span>;
  if (gps === "mismatch") {
    return (
      <strong className="badge badge-warn gps-mismatch">
        GPS mismatch: taken {formatDistance(distanceMetres ?? 0)} from the stated place
      </strong>
    );
  }
  return <span className="badge badge-ok">GPS matches ({formatDistance(distanceMetres ?? 0)} away)</span>;
}

/** The list's summary of a planting's photos: how many match, are off, or carry no position. */
export function GpsCountsFlag({ counts }: { counts: { matches: number; mismatch: number; missing: number } }) {
  const parts = [
    counts.mismatch ? <strong key="mismatch" className="badge badge-warn gps-mismatch">{counts.mismatch} GPS mismatch{counts.mismatch === 1 ? "" : "es"}</strong> : null,
    counts.missing ? <span key="missing" className="badge">{counts.missing} without GPS</span> : null,
    counts.matches ? <span key="matches" className="badge badge-ok">{counts.matches} matching</span> : null,
  ].filter(Boolean);
  return parts.length ? <span className="gps-counts">{parts}</span> : <span className="badge badge-warn">No photos</span>;
}

export const mismatchRule = `A photo is flagged when its GPS lies more than ${formatDistance(GPS_MISMATCH_METRES)} from the stated place.`;
