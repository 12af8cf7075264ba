/**
 * What the impact ledger reports, shared by the ledger's queries (app/models/impact/*.server.ts), the public
 * page and its components, and the open data. Amounts are US cents; months are "YYYY-MM" in Asia/Jakarta;
 * dates are ISO strings (loader data crosses JSON).
 */
import type { ImageRef } from "~/utils/images";

export const IMPACT_CHANNELS = ["retail", "wholesale", "bazaar"] as const;
export type ImpactChannel = (typeof IMPACT_CHANNELS)[number];

/** The site-wide counter. Funded = floor(turnover / US$1,500); planted never goes down; verified alive counts only confirmed plantings. */
export type ImpactTotals = {
  usdCents: number;
  treesFunded: number;
  treesPlanted: number;
  treesVerifiedAlive: number;
  /** Funded and not yet covered by a planting (0 when plantings are ahead of funding). */
  treesToPlant: number;
  /** When the oldest tree still to plant was funded (ISO), or null when none is waiting. */
  oldestUnplantedSince: string | null;
};

/** Turnover booked in one month, by channel. */
export type MonthlyTurnover = { month: string; usdCents: Record<ImpactChannel, number>; totalUsdCents: number };

/** At the end of each month: trees funded so far (floor of cumulative turnover) and trees planted so far. */
export type TreesByMonth = { month: string; treesFunded: number; treesPlanted: number };

export type EvidencePhoto = {
  image: ImageRef;
  gps: "matches" | "mismatch" | "missing";
  distanceMetres: number | null;
  takenAt: string | null;
  /** Set when the photo belongs to a survival check rather than to the planting itself. */
  survivalCheckId: number | null;
};

export type SurvivalCheckSummary = { id: number; checkedOn: string; aliveCount: number; notes: string };

export type PlantingSummary = {
  id: number;
  plantedOn: string;
  place: string;
  province: string;
  latitude: number;
  longitude: number;
  treeCount: number;
  species: string;
  partner: string;
  notes: string;
  verifiedAt: string | null;
  /** The trees it covers, numbered in the order they were funded: #treesFrom … #treesTo. */
  treesFrom: number;
  treesTo: number;
  checks: SurvivalCheckSummary[];
  photos: EvidencePhoto[];
};

export type ProducerPin = { slug: string; name: string; village: string; province: string; latitude: number; longitude: number };

export type MonthClose = { month: string; entryCount: number; usdCents: number; checksum: string; previousChecksum: string | null; closedAt: string };

export type ImpactReport = {
  totals: ImpactTotals;
  monthly: MonthlyTurnover[];
  trees: TreesByMonth[];
  plantings: PlantingSummary[];
  producers: ProducerPin[];
  closes: MonthClose[];
};
