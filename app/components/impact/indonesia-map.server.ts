import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoMercator, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { ImpactReport } from "~/models/impact/types";
import type { ImpactMapData, MapOutline, MapPoint } from "./map";

export type { MapOutline, MapPoint };

/** The map's SVG units: wide enough that pins stay legible when it shrinks to a phone's width. */
export const MAP_WIDTH = 1000;
const MARGIN = 12;
/** Plantings must lie inside this box (the database's CHECK), so the map frames it whole: every pin fits. */
const FRAME = { south: -11.5, north: 6.5, west: 94.5, east: 141.5 };
/** Islands smaller than this many square SVG units are left out: dots nobody can see but everyone downloads. */
const MIN_ISLAND_AREA = 1.5;
/** Points closer than this (SVG units) to the previous kept point are dropped. */
const MIN_STEP = 1.2;

type Projected = { outline: MapOutline; projection: GeoProjection };
let memo: Projected | null = null;

function indonesia(): Feature<Polygon | MultiPolygon> {
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries);
  const found = countries.features.find((f) => String(f.id) === "360");
  if (!found || (found.geometry.type !== "Polygon" && found.geometry.type !== "MultiPolygon")) throw new Error("world-atlas has no outline of Indonesia (id 360)");
  return found as Feature<Polygon | MultiPolygon>;
}

function ringArea(points: MapPoint[]) {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) twice += points[j]!.x * points[i]!.y - points[i]!.x * points[j]!.y;
  return Math.abs(twice / 2);
}

const round = (n: number) => Math.round(n * 10) / 10;
/** A number as SVG path text: "0.5" → ".5", "-0.5" → "-.5". */
const num = (n: number) => String(round(n)).replace(/^(-?)0\./, "$1.");
/** Each step carries its sign as separator (a leading space only when positive). */
const signed = (n: number) => (round(n) < 0 ? num(n) : ` ${num(n)}`);

/** One ring as "M…L…Z" with coordinates to one decimal, thinned so neighbouring points are at least MIN_STEP apart. */
function ringPath(ring: Position[], projection: GeoProjection): string {
  const points: MapPoint[] = [];
  for (const position of ring) {
    const xy = projection([position[0]!, position[1]!]);
    if (!xy) continue;
    const point = { x: xy[0], y: xy[1] };
    const last = points[points.length - 1];
    if (last && Math.hypot(point.x - last.x, point.y - last.y) < MIN_STEP) continue;
    points.push(point);
  }
  if (points.length < 3 || ringArea(points) < MIN_ISLAND_AREA) return "";
  // Relative steps between the rounded points: shorter text, and no drift because each step is taken between rounded values.
  const rounded = points.map((p) => ({ x: round(p.x), y: round(p.y) }));
  const [first, ...rest] = rounded;
  let text = `M${num(first!.x)} ${num(first!.y)}l`;
  let previous = first!;
  for (const point of rest) {
    text += `${signed(point.x - previous.x)}${signed(point.y - previous.y)}`;
    previous = point;
  }
  return `${text}z`;
}

function project(): Projected {
  if (memo) return memo;
  const country = indonesia();
  const frame: Feature<Polygon> = {
    type: "Feature",
    properties: {},
    geometry: { type: "Polygon", coordinates: [[[FRAME.west, FRAME.south], [FRAME.west, FRAME.north], [FRAME.east, FRAME.north], [FRAME.east, FRAME.south], [FRAME.west, FRAME.south]]] },
  };
  // Fit the frame's width first, then take the height it needs at that scale.
  const probe = geoMercator().fitWidth(MAP_WIDTH - 2 * MARGIN, frame);
  const bounds = geoPath(probe).bounds(frame);
  const height = Math.ceil(bounds[1][1] - bounds[0][1] + 2 * MARGIN);
  const projection = geoMercator().fitExtent([[MARGIN, MARGIN], [MAP_WIDTH - MARGIN, height - MARGIN]], frame);
  const polygons = country.geometry.type === "Polygon" ? [country.geometry.coordinates] : country.geometry.coordinates;
  // Only outer rings: Indonesia's holes (lakes) are too small to show at this scale.
  const path = polygons.map((polygon) => ringPath(polygon[0] ?? [], projection)).join("");
  memo = { outline: { width: MAP_WIDTH, height, path }, projection };
  return memo;
}

/** The outline of Indonesia as one SVG path, projected once per process; the TopoJSON never leaves the server. */
export function indonesiaOutline(): MapOutline {
  return project().outline;
}

/** Where a latitude/longitude falls on the outline's SVG, to one decimal. */
export function mapPoint(latitude: number, longitude: number): MapPoint {
  const xy = project().projection([longitude, latitude]);
  return { x: round(xy?.[0] ?? 0), y: round(xy?.[1] ?? 0) };
}

/** The big islands, named where a reader looks for them (centres chosen by eye, on land). */
const ISLANDS = [
  { name: "Sumatra", latitude: -0.6, longitude: 101.3 },
  { name: "Java", latitude: -8.9, longitude: 108.6 },
  { name: "Kalimantan", latitude: 0.4, longitude: 114.0 },
  { name: "Sulawesi", latitude: -1.6, longitude: 121.0 },
  { name: "Papua", latitude: -4.4, longitude: 138.6 },
];

/** The outline alone, as an SVG file: land and coast in the impact page's colours (served at /impact/map.svg). */
export function indonesiaOutlineSvg(): string {
  const { width, height, path } = indonesiaOutline();
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><path d="${path}" fill="#f3ead9" stroke="#b9a88f" stroke-width="0.8" stroke-linejoin="round"/></svg>`;
}

/** The map for the impact page: the outline's frame, the producer groups and the planting sites, in SVG units. */
export function impactMap(report: Pick<ImpactReport, "producers" | "plantings">): ImpactMapData {
  return {
    outline: { width: indonesiaOutline().width, height: indonesiaOutline().height },
    labels: ISLANDS.map((island) => ({ name: island.name, ...mapPoint(island.latitude, island.longitude) })),
    producers: report.producers.map((p) => ({ slug: p.slug, name: p.name, village: p.village, province: p.province, ...mapPoint(p.latitude, p.longitude) })),
    plantings: report.plantings.map((p) => ({
      id: p.id,
      place: p.place,
      province: p.province,
      treeCount: p.treeCount,
      plantedOn: p.plantedOn,
      verified: p.verifiedAt !== null,
      ...mapPoint(p.latitude, p.longitude),
    })),
  };
}
