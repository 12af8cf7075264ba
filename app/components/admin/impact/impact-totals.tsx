import type { PlantingTotals } from "~/models/impact/plantings.server";
import { formatNumber } from "~/domain/platform/intl-format";

const trees = (n: number) => formatNumber(n, "en");

/** The four counters staff plant by: funded, planted, confirmed alive, and what is still owed. */
export function ImpactTotalsTiles({ totals }: { totals: PlantingTotals }) {
  return (
    <dl className="impact-totals" aria-label="Trees">
      <div>
        <dt>Funded</dt>
        <dd>{trees(totals.treesFunded)}</dd>
      </div>
      <div>
        <dt>Planted</dt>
        <dd>{trees(totals.treesPlanted)}</dd>
      </div>
      <div>
        <dt>Verified alive</dt>
        <dd>{trees(totals.treesVerifiedAlive)}</dd>
      </div>
      <div className={totals.treesToPlant ? "impact-totals-todo" : undefined}>
        <dt>Still to plant</dt>
        <dd>{trees(totals.treesToPlant)}</dd>
      </div>
    </dl>
  );
}
