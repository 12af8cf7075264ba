import { USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import type { ImpactTotals } from "~/models/impact/types";
import { formatCount, formatUsd, oldestUnplantedSentence } from "./wording";

/** The counter: every number the ledger stands behind, and the sentence that says how far planting lags funding. */
export function ImpactHero({ totals, now }: { totals: ImpactTotals; now: Date }) {
  const stats = [
    { label: totals.treesFunded === 1 ? "tree funded" : "trees funded", value: formatCount(totals.treesFunded), tone: "funded" },
    { label: totals.treesPlanted === 1 ? "tree planted" : "trees planted", value: formatCount(totals.treesPlanted), tone: "planted" },
    { label: "verified alive", value: formatCount(totals.treesVerifiedAlive), tone: "alive" },
    { label: "turnover in US dollars", value: formatUsd(totals.usdCents, { whole: true }), tone: "turnover" },
  ];
  // The bar compares planted with funded; when plantings are ahead it is simply full.
  const plantedShare = totals.treesFunded > 0 ? Math.min(100, Math.round((totals.treesPlanted / totals.treesFunded) * 100)) : totals.treesPlanted > 0 ? 100 : 0;
  return (
    <header className="impact-hero" aria-labelledby="impact-title">
      <div className="impact-hero-text">
        <p className="eyebrow">Our tree ledger</p>
        <h1 id="impact-title">One tree for every {formatUsd(USD_CENTS_PER_TREE, { whole: true })} of handicrafts sold</h1>
        <p className="lede">
          Every sale in the shop, at the bazaars and to wholesale buyers is booked here in US dollars. A tree counts as
          planted only once a planting with photos covers it, and each planting below shows the trees it covers.
        </p>
      </div>
      <dl className="impact-counter">
        {stats.map((stat) => (
          <div key={stat.tone} className={`impact-stat impact-stat-${stat.tone}`}>
            <dt>{stat.label}</dt>
            <dd>{stat.value}</dd>
          </div>
        ))}
      </dl>
      <div className="impact-progress">
        <p className="impact-oldest">{oldestUnplantedSentence(totals, now)}</p>
        <div className="impact-bar" aria-hidden="true">
          <span style={{ width: `${plantedShare}%` }} />
        </div>
      </div>
    </header>
  );
}
