import { Picture } from "~/components/ui/picture";
import type { AdminEvidencePhoto, getPlantingForAdmin } from "~/models/impact/plantings.server";
import { GpsFlag, mismatchRule } from "./gps-flag";
import { formatNumber } from "~/domain/platform/intl-format";

type Loaded = NonNullable<Awaited<ReturnType<typeof getPlantingForAdmin>>>;

const position = (lat: number, lng: number) => `${lat.toFixed(5)}, ${lng.toFixed(5)}`;

/** The planting as recorded: where, what, who recorded it and who confirmed its evidence. */
export function PlantingFacts({ planting }: { planting: Loaded["planting"] }) {
  return (
    <dl className="planting-facts admin-card">
      <div>
        <dt>Planted on</dt>
        <dd>{planting.plantedOn}</dd>
      </div>
      <div>
        <dt>Trees</dt>
        <dd>{formatNumber(planting.treeCount, "en")}</dd>
      </div>
      <div>
        <dt>Species</dt>
        <dd>{planting.species}</dd>
      </div>
      <div>
        <dt>Where</dt>
        <dd>
          {planting.place}, {planting.province}
          <br />
          <span className="muted">{position(planting.latitude, planting.longitude)}</span>
        </dd>
      </div>
      <div>
        <dt>Partner</dt>
        <dd>{planting.partner || <span className="muted">None named</span>}</dd>
      </div>
      <div>
        <dt>Recorded by</dt>
        <dd>{planting.createdByName ?? <span className="muted">Sample data</span>}</dd>
      </div>
      {planting.notes ? (
        <div className="field-wide">
          <dt>Notes</dt>
          <dd>{planting.notes}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** Every evidence photo with what its own GPS says; a mismatch is outlined and said in words. */
export function EvidencePhotos({ photos, checks }: { photos: AdminEvidencePhoto[]; checks: Loaded["checks"] }) {
  const mismatches = photos.filter((p) => p.gps === "mismatch").length;
  return (
    <>
      {mismatches ? (
        <p className="notice notice-error evidence-alert" role="alert">
          <strong>
            {mismatches} photo{mismatches === 1 ? " was" : "s were"} taken far from the stated place.
          </strong>{" "}
          {mismatchRule} Check the place and the photo before confirming; the public impact page shows this flag.
        </p>
      ) : null}
      <ul className="evidence-grid" aria-label="Evidence photos">
        {photos.map((photo) => {
          const check = photo.survivalCheckId ? checks.find((c) => c.id === photo.survivalCheckId) : null;
          return (
            <li key={photo.imageId} className={photo.gps === "mismatch" ? "evidence-off" : undefined}>
              <Picture image={photo.image} sizes="(max-width: 640px) 90vw, 260px" />
              <GpsFlag gps={photo.gps} distanceMetres={photo.distanceMetres} />
              {photo.gpsLatitude !== null && photo.gpsLongitude !== null ? <p className="muted">Photo GPS {position(photo.gpsLatitude, photo.gpsLongitude)}</p> : null}
              <p className="muted">{photo.takenAt ? `Taken ${photo.takenAt.slice(0, 16).replace("T", " ")}` : "No capture time in the photo"}</p>
              {check ? <p className="muted">Survival check of {check.checkedOn}</p> : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function SurvivalChecksList({ checks, treeCount }: { checks: Loaded["checks"]; treeCount: number }) {
  if (!checks.length) return <p className="muted">No survival check yet. Count the living trees at about 6 and 12 months.</p>;
  return (
    <ul className="survival-list">
      {checks.map((c) => (
        <li key={c.id}>
          <strong>{c.checkedOn}</strong>
          <span>
            {formatNumber(c.aliveCount, "en")} of {formatNumber(treeCount, "en")} alive ({Math.round((c.aliveCount / treeCount) * 100)}%)
          </span>
          {c.recordedBy ? <span className="muted">by {c.recordedBy}</span> : null}
          {c.notes ? <span className="muted">{c.notes}</span> : null}
        </li>
      ))}
    </ul>
  );
}
