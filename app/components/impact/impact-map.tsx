import { scaleSqrt } from "d3-scale";
import { Link } from "~/components/ui/shop-link";
import { r1 } from "./chart-frame";
import { Legend } from "./legend";
import type { ImpactMapData } from "./map";
import { countOf, formatDay } from "./wording";

const PRODUCER_HALF = 7.5;
/** A diamond around a point, drawn without a transform so CSS can scale each pin about its own centre. */
const diamond = (x: number, y: number, h = PRODUCER_HALF) => `${r1(x)},${r1(y - h)} ${r1(x + h)},${r1(y)} ${r1(x)},${r1(y + h)} ${r1(x - h)},${r1(y)}`;

/** Producer groups and planting sites on the outline of Indonesia; the SVG was projected on the server. */
export function ImpactMap({ map }: { map: ImpactMapData }) {
  const { outline } = map;
  const most = Math.max(1, ...map.plantings.map((p) => p.treeCount));
  const radius = scaleSqrt().domain([0, most]).range([7, 24]);
  // The biggest circles first, so that a small planting beside a big one stays visible on top.
  const plantings = [...map.plantings].sort((a, b) => b.treeCount - a.treeCount);
  return (
    <svg viewBox={`0 0 ${outline.width} ${outline.height}`} className="impact-map-svg" role="img" aria-labelledby="impact-map-title impact-map-desc">
      <title id="impact-map-title">Map of Indonesia with our producer groups and planting sites</title>
      <desc id="impact-map-desc">
        {`${countOf(map.producers.length, "producer group")} and ${countOf(map.plantings.length, "planting site")}; the lists below name each one.`}
      </desc>
      <rect width={outline.width} height={outline.height} className="map-sea" rx="18" />
      {/* The land is one long path: a file of its own, cached by the browser, instead of 21 kB in every page. */}
      <image href="/impact/map.svg" width={outline.width} height={outline.height} className="map-land" />
      <g className="map-labels" aria-hidden="true">
        {map.labels.map((label) => (
          <text key={label.name} x={label.x} y={label.y} textAnchor="middle">
            {label.name}
          </text>
        ))}
      </g>
      <g className="map-plantings">
        {plantings.map((p) => (
          <circle key={p.id} cx={p.x} cy={p.y} r={Math.round(radius(p.treeCount) * 10) / 10} className={p.verified ? "map-planting map-planting-verified" : "map-planting"}>
            <title>{`${p.place}, ${p.province}: ${countOf(p.treeCount, "tree")} planted ${formatDay(p.plantedOn)}${p.verified ? ", verified" : ", awaiting verification"}`}</title>
          </circle>
        ))}
      </g>
      <g className="map-producers">
        {map.producers.map((p) => (
          <polygon key={p.slug} points={diamond(p.x, p.y)} className="map-producer">
            <title>{`${p.name}, ${p.village}, ${p.province}`}</title>
          </polygon>
        ))}
      </g>
    </svg>
  );
}

export function MapLegend() {
  return (
    <Legend
      label="Map legend"
      items={[
        { swatch: "legend-producer", text: "Producer group" },
        { swatch: "legend-planting", text: "Planting site, sized by its trees" },
        { swatch: "legend-planting legend-awaiting", text: "Awaiting verification" },
      ]}
    />
  );
}

/** The map's places as text: the alternative for people who don't see the pins. */
export function MapPlaces({ map }: { map: ImpactMapData }) {
  return (
    <div className="impact-places">
      <section aria-labelledby="places-producers">
        <h3 id="places-producers">Producer groups</h3>
        <ul className="plain">
          {map.producers.map((p) => (
            <li key={p.slug}>
              <Link to={`/producers/${p.slug}`}>{p.name}</Link> <span className="muted">{`${p.village}, ${p.province}`}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="places-plantings">
        <h3 id="places-plantings">Planting sites</h3>
        {map.plantings.length ? (
          <ul className="plain">
            {map.plantings.map((p) => (
              <li key={p.id}>
                <a href={`#planting-${p.id}`}>{p.place}</a> <span className="muted">{`${p.province} · ${countOf(p.treeCount, "tree")}`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No planting is recorded yet.</p>
        )}
      </section>
    </div>
  );
}
