/** The 10 Principles of Fair Trade (WFTO), checked on every field visit. */
export const fairTradePrinciples = [
  { number: 1, title: "Opportunities for disadvantaged producers", short: "Opportunities" },
  { number: 2, title: "Transparency and accountability", short: "Transparency" },
  { number: 3, title: "Fair trading practices", short: "Fair trading" },
  { number: 4, title: "Fair payment", short: "Fair payment" },
  { number: 5, title: "No child labour or forced labour", short: "No child or forced labour" },
  { number: 6, title: "Non-discrimination, gender equity and freedom of association", short: "Gender equity" },
  { number: 7, title: "Good working conditions", short: "Working conditions" },
  { number: 8, title: "Capacity building", short: "Capacity building" },
  { number: 9, title: "Promoting fair trade", short: "Promoting fair trade" },
  { number: 10, title: "Respect for the environment", short: "Environment" },
] as const;

export type PrincipleCheck = { principle: number; met: boolean; note?: string };

export function summarizeVisit(checks: readonly PrincipleCheck[]) {
  const met = checks.filter((c) => c.met).length;
  return { met, total: fairTradePrinciples.length, allMet: met === fairTradePrinciples.length && checks.length === fairTradePrinciples.length };
}
