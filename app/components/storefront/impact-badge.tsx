import type { OrderTreeBadge as OrderBadgeData, ProducerTreeBadge as ProducerBadgeData } from "~/models/impact/badges.server";
import { treeShareHundredths, USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import { formatMoney } from "~/domain/money/money";
import { Link } from "~/components/ui/shop-link";
import { formatIsoDay, formatNumber } from "~/domain/platform/intl-format";

/**
 * The impact badges' wording, built from the ledger's numbers only (never a hand-written claim), and the small
 * pieces of UI that show it: the site counter, and the order, product and producer badges.
 */

const whole = (n: number) => formatNumber(n);
const plural = (n: number, one: string, many: string) => `${whole(n)} ${n === 1 ? one : many}`;

/** A share of trees in hundredths, as words: "0.23 of a tree", "1 tree", "2.50 trees". */
export function treeShareWords(hundredths: number): string {
  if (hundredths < 100) return `${(hundredths / 100).toFixed(2)} of a tree`;
  if (hundredths % 100 === 0) return plural(hundredths / 100, "tree", "trees");
  return `${(hundredths / 100).toFixed(2)} trees`;
}

export type SiteImpact = { treesFunded: number; treesPlanted: number; treesVerifiedAlive: number };

/** The counter's three numbers as one sentence. */
export function siteCounterWords({ treesFunded, treesPlanted, treesVerifiedAlive }: SiteImpact): string {
  return `${plural(treesFunded, "tree", "trees")} funded by sales, ${whole(treesPlanted)} planted, ${whole(treesVerifiedAlive)} verified alive`;
}

/** The order badge's sentences, or none when the order funds nothing and never will (cancelled before payment). */
export function orderTreeWords(badge: OrderBadgeData): string[] {
  const about = (approximate: boolean) => (approximate ? "about " : "");
  const words: string[] = [];
  if (badge.fundedUsdCents !== null) {
    const share = treeShareWords(treeShareHundredths(badge.fundedUsdCents));
    words.push(badge.refunded ? `After its refund, this order funds ${share}.` : `This order funds ${share}.`);
    if (badge.oncePaid) words.push(`Paid in full, it will fund ${about(badge.oncePaid.approximate)}${treeShareWords(treeShareHundredths(badge.oncePaid.usdCents))}.`);
  } else if (badge.oncePaid) {
    words.push(`Once paid, this order will fund ${about(badge.oncePaid.approximate)}${treeShareWords(treeShareHundredths(badge.oncePaid.usdCents))}.`);
  }
  return words;
}

/** "Every 12 sold plants a tree", or "Each one sold plants a tree" from US$1,500 up. */
export function productTreeWords(piecesPerTree: number): string {
  return piecesPerTree <= 1 ? "Each one sold plants a tree." : `Every ${whole(piecesPerTree)} sold plants a tree.`;
}

/** US cents as "US$812.34", whole dollars as "US$1,500". */
const usd = (cents: number) => `US${formatMoney({ amountMinor: cents, currency: "USD" }).replace(/\.00$/, "")}`;

/** "Sales of this group have funded 41 trees", and how far they are towards the next one. */
export function producerTreeWords({ treesFunded, towardsNextUsdCents }: Pick<ProducerBadgeData, "treesFunded" | "towardsNextUsdCents">): string {
  if (treesFunded === 0 && towardsNextUsdCents === 0) return "Sales of this group have not funded a tree yet.";
  if (treesFunded === 0) return `Sales of this group have not yet funded a whole tree: ${usd(towardsNextUsdCents)} of the ${usd(USD_CENTS_PER_TREE)} for the first.`;
  const next = towardsNextUsdCents > 0 ? `, and ${usd(towardsNextUsdCents)} of the ${usd(USD_CENTS_PER_TREE)} for the next` : "";
  return `Sales of this group have funded ${plural(treesFunded, "tree", "trees")}${next}.`;
}

/** The strip above the header on every shop page. */
export function ImpactCounter({ impact }: { impact: SiteImpact }) {
  return (
    <p className="impact-strip">
      <TreeMark /> <strong>{plural(impact.treesFunded, "tree", "trees")}</strong> funded by sales · <strong>{whole(impact.treesPlanted)}</strong> planted ·{" "}
      <strong>{whole(impact.treesVerifiedAlive)}</strong> verified alive: one for every US$1,500 of turnover.{" "}
      <Link to="/impact" style={{ color: "inherit" }}>
        See the evidence
      </Link>
    </p>
  );
}

export function OrderTreeBadge({ badge }: { badge: OrderBadgeData }) {
  const words = orderTreeWords(badge);
  if (!words.length) return null;
  return <p className="tree-badge">{words.join(" ")}</p>;
}

export function ProductTreeBadge({ piecesPerTree }: { piecesPerTree: number }) {
  return <p className="tree-badge">{productTreeWords(piecesPerTree)}</p>;
}

/** The producer page's badge and the places where trees its sales funded were planted. */
export function ProducerTreeBadge({ badge }: { badge: ProducerBadgeData }) {
  return (
    <section className="section" aria-labelledby="trees-title">
      <h2 id="trees-title">Trees from their work</h2>
      <p className="tree-badge">{producerTreeWords(badge)}</p>
      {badge.sites.length ? (
        <>
          <h3>Where the trees were planted</h3>
          <ul className="visit-history">
            {badge.sites.map((site) => (
              <li key={site.plantingId}>
                <strong>{site.place}</strong>, {site.province}: {plural(site.trees, "tree", "trees")} planted on <time dateTime={site.plantedOn}>{formatDay(site.plantedOn)}</time>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">None of the trees they funded is planted yet; each planting is listed here once it is in the ground.</p>
      )}
      <p>
        <Link to="/impact">How every tree is counted, with the evidence</Link>
      </p>
    </section>
  );
}

const formatDay = (isoDay: string) => formatIsoDay(isoDay, { dateStyle: "medium" });

function TreeMark() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" className="icon">
      <path d="M10 2 4 10h3l-3 4h5v4h2v-4h5l-3-4h3z" fill="currentColor" />
    </svg>
  );
}
