import { Picture } from "~/components/ui/picture";
import type { EvidencePhoto, PlantingSummary } from "~/models/impact/types";
import { countOf, formatDay, gpsNote, survivalSentence, treeRange } from "./wording";

function Evidence({ photo, place }: { photo: EvidencePhoto; place: string }) {
  const note = gpsNote(photo);
  return (
    <li className="evidence">
      <figure>
        <Picture image={photo.image} sizes="(min-width: 1100px) 260px, (min-width: 700px) 30vw, 45vw" alt={photo.image.alt || `Evidence photo from ${place}`} />
        <figcaption>
          <span className={note.warning ? "gps-flag gps-flag-warning" : "gps-flag"}>{note.text}</span>
          {photo.takenAt ? <span className="evidence-taken">Taken {formatDay(photo.takenAt)}</span> : null}
        </figcaption>
      </figure>
    </li>
  );
}

/** One planting as the public sees it: what, where, which trees, who planted, how they fare, and the photos that show it. */
export function PlantingCard({ planting }: { planting: PlantingSummary }) {
  const plantingPhotos = planting.photos.filter((p) => p.survivalCheckId === null);
  const checks = [...planting.checks].sort((a, b) => a.checkedOn.localeCompare(b.checkedOn));
  const headingId = `planting-${planting.id}-title`;
  return (
    <article className="planting-card" id={`planting-${planting.id}`} aria-labelledby={headingId}>
      <header className="planting-head">
        <p className="eyebrow">
          <time dateTime={planting.plantedOn}>{formatDay(planting.plantedOn)}</time>
        </p>
        <h3 id={headingId}>
          {planting.place}
          <span className="planting-province">, {planting.province}</span>
        </h3>
        {planting.verifiedAt ? (
          <p className="planting-status planting-verified">Verified {formatDay(planting.verifiedAt)}</p>
        ) : (
          <p className="planting-status planting-awaiting">Awaiting verification</p>
        )}
      </header>
      <dl className="planting-facts">
        <div>
          <dt>Trees</dt>
          <dd>{countOf(planting.treeCount, "tree")}</dd>
        </div>
        <div>
          <dt>Tree numbers</dt>
          <dd>{treeRange(planting.treesFrom, planting.treesTo)}</dd>
        </div>
        <div>
          <dt>Species</dt>
          <dd>{planting.species}</dd>
        </div>
        <div>
          <dt>Planted by</dt>
          <dd>{planting.partner}</dd>
        </div>
      </dl>
      {planting.notes ? <p className="planting-notes">{planting.notes}</p> : null}
      {plantingPhotos.length ? (
        <ul className="evidence-grid" aria-label={`Photos of the planting at ${planting.place}`}>
          {plantingPhotos.map((photo) => (
            <Evidence key={photo.image.hash} photo={photo} place={planting.place} />
          ))}
        </ul>
      ) : null}
      {checks.length ? (
        <section className="survival" aria-label={`Survival checks at ${planting.place}`}>
          <h4>Survival checks</h4>
          <ol className="plain survival-list">
            {checks.map((check) => {
              const photos = planting.photos.filter((p) => p.survivalCheckId === check.id);
              return (
                <li key={check.id}>
                  <p>
                    <strong>{survivalSentence(check, planting)}</strong>{" "}
                    <span className="muted">
                      (checked <time dateTime={check.checkedOn}>{formatDay(check.checkedOn)}</time>)
                    </span>
                  </p>
                  {check.notes ? <p className="muted">{check.notes}</p> : null}
                  {photos.length ? (
                    <ul className="evidence-grid" aria-label={`Photos of the check on ${formatDay(check.checkedOn)}`}>
                      {photos.map((photo) => (
                        <Evidence key={photo.image.hash} photo={photo} place={planting.place} />
                      ))}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : (
        <p className="muted survival-none">No survival check yet.</p>
      )}
    </article>
  );
}
