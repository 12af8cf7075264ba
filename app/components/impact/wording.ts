/**
 * The impact page's sentences, made from the ledger's numbers so that no claim is ever typed by hand.
 * Pure and shared by server and browser: the same numbers always give the same words.
 */
import { USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import type { EvidencePhoto, ImpactTotals } from "~/models/impact/types";

const DAY_MS = 86_400_000;
const countFormat = new Intl.NumberFormat("en-US");
const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const longMonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 tree", "2 trees", "1,204 trees"; `plural` for irregular words ("1 entry", "3 entries"). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** US cents as dollars: "US$12,345" (whole dollars, rounded down, for headlines) or "US$12,345.67". */
export function formatUsd(cents: number, { whole = false }: { whole?: boolean } = {}): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = countFormat.format(Math.floor(abs / 100));
  if (whole) return `${sign}US$${dollars}`;
  return `${sign}US$${dollars}.${String(abs % 100).padStart(2, "0")}`;
}

/** Axis labels: "$0", "$800", "$12k", "$1.5M", "-$50k". */
export function formatUsdShort(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const dollars = Math.abs(cents) / 100;
  const trim = (n: number) => String(Math.round(n * 10) / 10);
  if (dollars >= 1_000_000) return `${sign}$${trim(dollars / 1_000_000)}M`;
  if (dollars >= 1_000) return `${sign}$${trim(dollars / 1_000)}k`;
  return `${sign}$${Math.round(dollars)}`;
}

/** "2026-03" → "Mar 2026" (or "March 2026" with `long`). */
export function monthLabel(month: string, { long = false }: { long?: boolean } = {}): string {
  const [year, index] = month.split("-");
  const name = (long ? longMonthNames : monthNames)[Number(index) - 1] ?? month;
  return `${name} ${year}`;
}

/** An ISO date or instant ("2026-03-14" or "2026-03-14T02:00:00Z") as "14 March 2026", in Jakarta. */
export function formatDay(iso: string): string {
  const day = iso.length === 10 ? new Date(`${iso}T00:00:00Z`) : new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return `${day.getUTCDate()} ${longMonthNames[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

/** How long ago, in the largest whole unit: "today", "yesterday", "5 days ago", "3 weeks ago", "2 months ago", "1 year ago". */
export function timeAgo(iso: string, now: Date): string {
  const days = Math.floor((now.getTime() - new Date(iso).getTime()) / DAY_MS);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${countOf(days, "day")} ago`;
  if (days < 60) return `${countOf(Math.floor(days / 7), "week")} ago`;
  if (days < 365) return `${countOf(Math.floor(days / 30.4375), "month")} ago`;
  return `${countOf(Math.floor(days / 365.25), "year")} ago`;
}

/** Whole calendar months from one ISO date to another (a check on 14 Sep of a planting on 14 Mar is 6 months). */
export function monthsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = fromIso.slice(0, 10).split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = toIso.slice(0, 10).split("-").map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

/** "The oldest tree still to plant was funded 3 weeks ago." or "Every funded tree is planted." */
export function oldestUnplantedSentence(totals: ImpactTotals, now: Date): string {
  if (totals.oldestUnplantedSince && totals.treesToPlant > 0) {
    const waiting = totals.treesToPlant === 1 ? "1 tree is waiting for its planting" : `${formatCount(totals.treesToPlant)} trees are waiting for their planting`;
    return `The oldest tree still to plant was funded ${timeAgo(totals.oldestUnplantedSince, now)}; ${waiting}.`;
  }
  if (totals.treesFunded === 0 && totals.treesPlanted === 0) return `No tree is funded yet: the first comes with the first ${formatUsd(USD_CENTS_PER_TREE, { whole: true })} of sales.`;
  const ahead = totals.treesPlanted - totals.treesFunded;
  if (ahead > 0) return `Every funded tree is planted, and ${countOf(ahead, "tree")} ahead of the sales that will fund ${ahead === 1 ? "it" : "them"}.`;
  return "Every funded tree is planted.";
}

/** "412 of 420 alive at 6 months" (or "at 3 weeks" for an early check). */
export function survivalSentence(check: { checkedOn: string; aliveCount: number }, planting: { plantedOn: string; treeCount: number }): string {
  const months = monthsBetween(planting.plantedOn, check.checkedOn);
  const weeks = Math.floor((new Date(check.checkedOn).getTime() - new Date(planting.plantedOn).getTime()) / (7 * DAY_MS));
  const age = months >= 1 ? countOf(months, "month") : weeks >= 1 ? countOf(weeks, "week") : "planting";
  return `${formatCount(check.aliveCount)} of ${formatCount(planting.treeCount)} alive at ${age}`;
}

/** "#1–#420", or "#7" for a planting of one tree. */
export function treeRange(from: number, to: number): string {
  return from === to ? `#${formatCount(from)}` : `#${formatCount(from)}–#${formatCount(to)}`;
}

/** "850 m", "3.4 km", "38 km". */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`;
  if (metres < 10_000) return `${Math.round(metres / 100) / 10} km`;
  return `${formatCount(Math.round(metres / 1000))} km`;
}

/** What the photo's own GPS says about the stated place; `warning` marks what a reader should doubt. */
export function gpsNote(photo: Pick<EvidencePhoto, "gps" | "distanceMetres">): { text: string; warning: boolean } {
  if (photo.gps === "missing") return { text: "This photo carries no GPS position", warning: true };
  const distance = photo.distanceMetres ?? null;
  if (photo.gps === "mismatch") return { text: distance === null ? "Photo taken away from the stated place" : `Photo taken ${formatDistance(distance)} from the stated place`, warning: true };
  return { text: distance === null ? "GPS matches the stated place" : `GPS matches the stated place (${formatDistance(distance)} away)`, warning: false };
}
