/**
 * What an evidence photo's own GPS says about a planting: the distance from the stated place, and whether that
 * is close enough to believe. Pure: the EXIF is read by the model, before sharp strips it.
 */

/**
 * A photo taken more than this far from the stated place is flagged. Phone GPS is good to tens of metres, but a
 * planting site is an area (a hillside, a stretch of mangrove coast) named by one point, so 5 km leaves room for
 * the far end of a site while still catching a photo from another village, island or a stock library.
 */
export const GPS_MISMATCH_METRES = 5_000;

const EARTH_RADIUS_METRES = 6_371_008.8;

export type LatLng = { latitude: number; longitude: number };
/** What a photo may say about where it was taken: either half may be absent. */
export type PhotoPosition = { latitude?: number | null; longitude?: number | null };

/** Great-circle distance by the haversine formula, in metres. */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type GpsVerdict =
  | { gps: "missing"; gpsLatitude: null; gpsLongitude: null; distanceMetres: null }
  | { gps: "matches" | "mismatch"; gpsLatitude: number; gpsLongitude: number; distanceMetres: number };

/** A position is usable only when both halves are finite and on the globe (a 0/0 "null island" is a GPS fault). */
export function usablePosition(position: PhotoPosition | null | undefined): LatLng | null {
  if (!position) return null;
  const { latitude, longitude } = position;
  if (typeof latitude !== "number" || typeof longitude !== "number" || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  if (latitude === 0 && longitude === 0) return null;
  return { latitude, longitude };
}

/** Compares a photo's GPS with the planting's stated place: no GPS → missing; more than GPS_MISMATCH_METRES → mismatch. */
export function judgeGps(stated: LatLng, photo: PhotoPosition | null | undefined): GpsVerdict {
  const position = usablePosition(photo);
  if (!position) return { gps: "missing", gpsLatitude: null, gpsLongitude: null, distanceMetres: null };
  const distanceMetres = Math.round(haversineMetres(stated, position));
  return { gps: distanceMetres > GPS_MISMATCH_METRES ? "mismatch" : "matches", gpsLatitude: position.latitude, gpsLongitude: position.longitude, distanceMetres };
}

/** "850 m" or "41.2 km", for the flag beside a photo. */
export function formatDistance(metres: number): string {
  if (metres < 1_000) return `${metres} m`;
  return `${(metres / 1_000).toLocaleString("en", { maximumFractionDigits: metres < 100_000 ? 1 : 0 })} km`;
}
